package org.ichcds.analysis;

import java.util.List;
import org.ichcds.reporting.StudyFindings;

/**
 * What an analysis found and on what, as stored in {@code app.analysis_job.result_json}: the findings, the slices of
 * the analysed series in the order the model saw them, their matrix, and the DiagnosticReport written.
 */
public record AnalysisResult(
        StudyFindings findings, List<String> sliceSopInstanceUids, int rows, int columns, String reportRef) {}
