package org.ichcds.analysis;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** One row of {@code app.analysis_job}: an analysis of a study by a model version. */
public record AnalysisJob(
        String id,
        String studyUid,
        String modelVersion,
        Status status,
        URI dicomWebBase,
        String patientRef,
        String imagingStudyRef,
        List<PatientBinding.Identifier> patientIdentifiers,
        int attempts,
        Instant createdAt,
        Instant finishedAt,
        String reportRef,
        String resultJson,
        String errorKind,
        String error,
        EhrDelivery ehrDelivery) {

    /**
     * Where the delivery of the results to the EHR's FHIR server stands ({@code app.ehr_outbox}); null when nothing is
     * to be delivered (no EHR server configured, or no results yet).
     *
     * @param status PENDING (queued or being retried) or DELIVERED
     * @param lastError why the last delivery failed; null once delivered
     */
    public record EhrDelivery(String status, int attempts, String lastError, Instant deliveredAt) {}

    /**
     * Lifecycle: QUEUED → RUNNING → DONE or FAILED. A failure that may pass sends a RUNNING job back to QUEUED (its
     * reason kept as the last error) while it has attempts left; DONE and FAILED are final.
     */
    public enum Status {
        QUEUED,
        RUNNING,
        DONE,
        FAILED
    }

    /**
     * The {@code patient_ref} of the analysis of a received study, made before any Patient is known: not a FHIR
     * reference, so no hook (which always names {@code Patient/<id>}) ever reads it as its own.
     */
    public static final String RECEIVED_PATIENT = "received:dicom";

    /** Whether this is the analysis of a received study, not yet bound to any Patient. */
    public boolean receivedUnbound() {
        return RECEIVED_PATIENT.equals(patientRef);
    }

    /** Whether this is a Patient's analysis (not a received study's awaiting one): its result gets a DiagnosticReport. */
    public boolean ofPatient() {
        return patientRef != null && patientRef.startsWith("Patient/");
    }

    StudyTarget target() {
        String patient = receivedUnbound() ? null : patientRef;
        return new StudyTarget(studyUid, dicomWebBase, patient, imagingStudyRef, patientIdentifiers);
    }
}
