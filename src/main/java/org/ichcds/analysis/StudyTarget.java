package org.ichcds.analysis;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The study to analyse: its StudyInstanceUID, the DICOMweb base address that serves it, the FHIR resources the results
 * refer to, and the identifiers of the patient it belongs to (what the images' PatientID must match).
 *
 * @param dicomWebBase where the images are fetched from; {@link #RECEIVED} for a study received by the server itself
 *     (C-STORE or STOW-RS), read from its spool
 * @param patientRef {@code Patient/<id>}: an analysis belongs to this patient and is never shown for another; null
 *     for a received study, which is bound to a Patient only when a hook names it ({@link AnalysisService})
 * @param patientIdentifiers the Patient's identifiers; empty when it has none. For a received study, the patient its
 *     images named (PatientID with IssuerOfPatientID as the system)
 */
public record StudyTarget(
        String studyUid,
        URI dicomWebBase,
        String patientRef,
        String imagingStudyRef,
        List<PatientBinding.Identifier> patientIdentifiers) {

    /** The source of a study the server received itself: its images are in the intake spool, not behind DICOMweb. */
    public static final URI RECEIVED = URI.create("urn:ichcds:received");

    public StudyTarget {
        Objects.requireNonNull(studyUid, "studyUid");
        Objects.requireNonNull(dicomWebBase, "dicomWebBase");
        patientIdentifiers = patientIdentifiers == null ? List.of() : List.copyOf(patientIdentifiers);
    }

    /** Whether the images are the server's own received copy ({@link #RECEIVED}). */
    public boolean received() {
        return RECEIVED.equals(dicomWebBase);
    }
}
