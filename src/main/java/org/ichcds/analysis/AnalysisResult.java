package org.ichcds.analysis;

import java.util.List;
import org.ichcds.reporting.PacsObject;
import org.ichcds.reporting.StudyFindings;

/**
 * What an analysis found and on what, as stored in {@code app.analysis_job.result_json}: the findings, the slices of
 * the analysed series in the order the model saw them, their matrix, the objects queued for the PACS (which the
 * DiagnosticReport links, also when it is written later) and the DiagnosticReport written.
 *
 * @param pacsObjects the SR and presentation state queued for the PACS; empty when none (results stored before the
 *     field existed read as empty)
 * @param reportRef the DiagnosticReport, or null until it is written
 */
public record AnalysisResult(
        StudyFindings findings,
        List<String> sliceSopInstanceUids,
        int rows,
        int columns,
        List<PacsObject> pacsObjects,
        String reportRef) {

    public AnalysisResult {
        pacsObjects = pacsObjects == null ? List.of() : List.copyOf(pacsObjects);
    }

    /** The same result with its DiagnosticReport. */
    AnalysisResult withReport(String ref) {
        return new AnalysisResult(findings, sliceSopInstanceUids, rows, columns, pacsObjects, ref);
    }
}
