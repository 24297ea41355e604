package org.ichcds.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.ichcds.reporting.FailureReason;
import org.ichcds.reporting.StudyFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the analysis of a study the server received (C-STORE, STOW-RS) to the Patient a hook names. The received
 * analysis belongs to no Patient: the images alone name their patient (PatientID, IssuerOfPatientID). A hook gets it
 * only when its ImagingStudy has the same StudyInstanceUID (the caller's key), names the hook's patient as its subject
 * (checked by the hook before this), and the Patient has an identifier equal to the images' PatientID and issuer
 * ({@link PatientBinding#receivedMismatch}, stricter than for fetched images: a Patient without identifiers gets
 * nothing). The result is then copied into an analysis of that Patient, with its own id and DiagnosticReport, which
 * every later call reads as any other; a mismatch is stored as that Patient's analysis FAILED with PATIENT_MISMATCH.
 */
final class ReceivedBinding {

    private static final Logger log = LoggerFactory.getLogger(ReceivedBinding.class);

    private final AnalysisJobs jobs;
    private final PendingReports reports;
    private final ObjectMapper json;
    private final PatientBinding binding;
    private final String modelVersion;

    ReceivedBinding(
            AnalysisJobs jobs, PendingReports reports, ObjectMapper json, PatientBinding binding, String modelVersion) {
        this.jobs = jobs;
        this.reports = reports;
        this.json = json;
        this.binding = binding;
        this.modelVersion = modelVersion;
    }

    /**
     * The hook patient's analysis made from the received one (DONE, or FAILED when the patients differ), the received
     * analysis itself while it is queued or running, or empty when the study was not received or its analysis failed
     * (the patient's own analysis then fetches the study as usual).
     */
    Optional<AnalysisJob> bind(StudyTarget target, Supplier<List<PatientBinding.Identifier>> patientIdentifiers) {
        Optional<AnalysisJob> found = jobs.find(target.studyUid(), modelVersion, AnalysisJob.RECEIVED_PATIENT);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AnalysisJob received = found.get();
        List<PatientBinding.Identifier> identifiers = patientIdentifiers.get();
        StudyTarget own = new StudyTarget(
                target.studyUid(), target.dicomWebBase(), target.patientRef(), target.imagingStudyRef(), identifiers);
        Optional<String> mismatch = received.patientIdentifiers().isEmpty()
                ? Optional.of("the received study names no patient")
                : binding.receivedMismatch(identifiers, images(received));
        if (mismatch.isPresent()) {
            // which check failed, never whose: no identifiers in the log
            log.warn("received study {} not given to the hook's patient: {}", received.id(), mismatch.get());
            return Optional.of(refuse(own, mismatch.get()));
        }
        if (received.status() == AnalysisJob.Status.FAILED) {
            // the images as received gave no result: the patient's own analysis fetches them, as for any study
            return Optional.empty();
        }
        if (received.status() != AnalysisJob.Status.DONE) {
            return Optional.of(received);
        }
        return Optional.of(copy(received, own));
    }

    private static PatientBinding.DicomPatient images(AnalysisJob received) {
        PatientBinding.Identifier named = received.patientIdentifiers().get(0);
        return new PatientBinding.DicomPatient(named.value(), named.system());
    }

    private AnalysisJob refuse(StudyTarget own, String reason) {
        String id = UUID.randomUUID().toString();
        String attempt = UUID.randomUUID().toString();
        if (jobs.createRunning(id, attempt, own, modelVersion)) {
            jobs.fail(id, attempt, FailureReason.PATIENT_MISMATCH, reason);
        }
        return jobs.find(own.studyUid(), modelVersion, own.patientRef()).orElseThrow();
    }

    /**
     * The received result as the Patient's own analysis: its findings under a new id, DONE at once; its DiagnosticReport
     * is written just after the answer ({@link PendingReports}).
     */
    private AnalysisJob copy(AnalysisJob received, StudyTarget own) {
        String id = UUID.randomUUID().toString();
        String attempt = UUID.randomUUID().toString();
        if (!jobs.createRunning(id, attempt, own, modelVersion)) {
            // another call binds it (or bound it) already: its job is the one
            return jobs.find(own.studyUid(), modelVersion, own.patientRef()).orElseThrow();
        }
        long start = System.nanoTime();
        try {
            AnalysisResult result = json.readValue(received.resultJson(), AnalysisResult.class);
            StudyFindings found = result.findings();
            StudyFindings mine = new StudyFindings(
                    id,
                    found.studyUid(),
                    found.seriesUid(),
                    own.patientRef(),
                    own.imagingStudyRef(),
                    found.model(),
                    found.analysedAt(),
                    found.findings());
            AnalysisResult bound = new AnalysisResult(
                    mine, result.sliceSopInstanceUids(), result.rows(), result.columns(), result.pacsObjects(), null);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (jobs.complete(
                    id,
                    attempt,
                    new AnalysisPipeline.PipelineResult(
                            json.writeValueAsString(bound), null, new AnalysisPipeline.Timings(0, 0, 0, ms)))) {
                reports.submit(id);
            }
        } catch (Exception | LinkageError e) {
            jobs.fail(
                    id,
                    attempt,
                    FailureReason.ANALYSIS_ERROR,
                    "the received study's result could not be stored" + " for the patient: "
                            + AnalysisFailures.describe(e));
            log.warn(
                    "received analysis {} not bound: {}",
                    received.id(),
                    e.getClass().getSimpleName());
        }
        return jobs.get(id).orElseThrow();
    }
}
