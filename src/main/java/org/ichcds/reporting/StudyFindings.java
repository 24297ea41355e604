package org.ichcds.reporting;

import java.time.Instant;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Everything the reports and cards say about one analysed study.
 *
 * @param analysisId the analysis id (also the viewer page id)
 * @param patientReference a relative reference such as {@code Patient/123}; null for files analysed locally
 * @param imagingStudyReference a relative reference such as {@code ImagingStudy/abc}; null for files analysed
 *     locally
 * @param findings one finding per label, in label order (any, epidural, …, chronic)
 */
public record StudyFindings(
        String analysisId,
        String studyUid,
        String seriesUid,
        String patientReference,
        String imagingStudyReference,
        ModelIdentity model,
        Instant analysedAt,
        List<LabelFinding> findings) {

    public StudyFindings {
        Require.text("analysis id", analysisId);
        Require.dicomUid("study UID", studyUid);
        Require.dicomUid("series UID", seriesUid);
        // both are absent for a study analysed from files ({@code ichcds analyze}); reports need them
        if (patientReference != null) {
            Require.reference("patient reference", "Patient", patientReference);
        }
        if (imagingStudyReference != null) {
            Require.reference("imaging study reference", "ImagingStudy", imagingStudyReference);
        }
        Require.present("model", model);
        Require.present("analysis time", analysedAt);
        Require.present("findings", findings);
        findings = List.copyOf(findings);
        HemorrhageLabel.requireLabelOrder(
                findings.stream().map(LabelFinding::label).toList());
    }

    /** The finding for a label. */
    LabelFinding finding(HemorrhageLabel label) {
        return findings.get(label.ordinal());
    }

    /** Whether any label is positive at its operating threshold. */
    public boolean anyPositive() {
        return findings.stream().anyMatch(LabelFinding::positive);
    }

    /** The positive subtypes (not {@code any}), in label order. */
    List<LabelFinding> positiveSubtypes() {
        return findings.stream()
                .filter(f -> f.positive() && f.hemorrhageLabel() != HemorrhageLabel.ANY)
                .toList();
    }
}
