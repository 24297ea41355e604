package org.ichcds.analysis;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The study to analyse: its StudyInstanceUID, the DICOMweb base address that serves it, the FHIR resources the results
 * refer to, and the identifiers of the patient it belongs to (what the images' PatientID must match).
 *
 * @param patientRef {@code Patient/<id>}: an analysis belongs to this patient and is never shown for another
 * @param patientIdentifiers the Patient's identifiers; empty when it has none
 */
public record StudyTarget(
        String studyUid,
        URI dicomWebBase,
        String patientRef,
        String imagingStudyRef,
        List<PatientBinding.Identifier> patientIdentifiers) {
    public StudyTarget {
        Objects.requireNonNull(studyUid, "studyUid");
        Objects.requireNonNull(dicomWebBase, "dicomWebBase");
        patientIdentifiers = patientIdentifiers == null ? List.of() : List.copyOf(patientIdentifiers);
    }
}
