package org.ichcds.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.ichcds.reporting.FailureReason;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The analysis jobs in {@code app.analysis_job}, one per study, model version and patient: the same StudyInstanceUID
 * under another patient is another analysis, so no call for one patient ever reads another's. This is the status the
 * hooks and the viewer read (QUEUED, RUNNING, DONE, FAILED with its reason, attempts); db-scheduler's
 * {@code app.scheduled_tasks} carries the executions. Every write of an attempt names the attempt, so an attempt whose
 * execution was taken over writes nothing.
 */
@Repository
public class AnalysisJobs {

    // a job and, when its results go to the EHR, where their delivery stands
    private static final String SELECT = "SELECT j.id, j.study_uid, j.model_version, j.status, j.dicomweb_base,"
            + " j.patient_ref, j.imaging_study_ref, j.patient_identifiers, j.attempts, j.created_at, j.finished_at,"
            + " j.report_ref, j.result_json, j.error_kind, j.error, o.status AS ehr_status, o.attempts AS ehr_attempts,"
            + " o.last_error AS ehr_error, o.delivered_at AS ehr_delivered_at"
            + " FROM app.analysis_job j LEFT JOIN app.ehr_outbox o ON o.analysis_id = j.id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<PatientBinding.Identifier>> IDENTIFIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    AnalysisJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The job of this study, model version and patient, created QUEUED when there is none yet, with the Patient's
     * identifiers (asked for only then).
     */
    AnalysisJob findOrCreate(
            StudyTarget target, String modelVersion, Supplier<List<PatientBinding.Identifier>> patientIdentifiers) {
        if (target.patientRef() == null || target.patientRef().isBlank()) {
            throw new IllegalArgumentException("an analysis needs the patient it belongs to");
        }
        Optional<AnalysisJob> existing = find(target.studyUid(), modelVersion, target.patientRef());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbc.sql("INSERT INTO app.analysis_job (id, study_uid, model_version, status, dicomweb_base, patient_ref,"
                            + " imaging_study_ref, patient_identifiers, created_at)"
                            + " VALUES (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?)")
                    .params(
                            UUID.randomUUID().toString(),
                            target.studyUid(),
                            modelVersion,
                            target.dicomWebBase().toString(),
                            target.patientRef(),
                            target.imagingStudyRef(),
                            toJson(patientIdentifiers.get()),
                            now())
                    .update();
        } catch (DuplicateKeyException raced) {
            // another caller (or replica) created it first: theirs is the one
        }
        return find(target.studyUid(), modelVersion, target.patientRef()).orElseThrow();
    }

    /**
     * The analysis of a received study, created QUEUED when there is none: one per StudyInstanceUID and model version
     * (the unique key with {@link AnalysisJob#RECEIVED_PATIENT}), whoever asks and however often.
     *
     * @param identifiers the patient the images named, which the images read from the spool must name again
     */
    AnalysisJob findOrCreateReceived(
            String studyUid, String modelVersion, List<PatientBinding.Identifier> identifiers) {
        return find(studyUid, modelVersion, AnalysisJob.RECEIVED_PATIENT).orElseGet(() -> {
            insert(
                    UUID.randomUUID().toString(),
                    "QUEUED",
                    null,
                    studyUid,
                    modelVersion,
                    StudyTarget.RECEIVED,
                    AnalysisJob.RECEIVED_PATIENT,
                    null,
                    identifiers);
            return find(studyUid, modelVersion, AnalysisJob.RECEIVED_PATIENT).orElseThrow();
        });
    }

    /**
     * Creates the job of a study for a patient as RUNNING under an attempt token (a received analysis being bound to
     * the Patient, or its refusal); false when the patient has one already (another call made it first).
     */
    boolean createRunning(String id, String attempt, StudyTarget target, String modelVersion) {
        return insert(
                id,
                "RUNNING",
                attempt,
                target.studyUid(),
                modelVersion,
                target.dicomWebBase(),
                target.patientRef(),
                target.imagingStudyRef(),
                target.patientIdentifiers());
    }

    private boolean insert(
            String id,
            String status,
            String owner,
            String studyUid,
            String modelVersion,
            URI base,
            String patientRef,
            String imagingStudyRef,
            List<PatientBinding.Identifier> identifiers) {
        try {
            jdbc.sql("INSERT INTO app.analysis_job (id, study_uid, model_version, status, owner, dicomweb_base,"
                            + " patient_ref, imaging_study_ref, patient_identifiers, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            id,
                            studyUid,
                            modelVersion,
                            status,
                            owner,
                            base.toString(),
                            patientRef,
                            imagingStudyRef,
                            toJson(identifiers),
                            now())
                    .update();
            return true;
        } catch (DuplicateKeyException raced) {
            return false; // another caller (or replica) created it first: theirs is the one
        }
    }

    /** The analysis of a study by a model version for one patient ({@code Patient/<id>}). */
    Optional<AnalysisJob> find(String studyUid, String modelVersion, String patientRef) {
        return jdbc.sql(SELECT + " WHERE j.study_uid = ? AND j.model_version = ? AND j.patient_ref = ?")
                .params(studyUid, modelVersion, patientRef)
                .query(AnalysisJobs::row)
                .optional();
    }

    public Optional<AnalysisJob> get(String id) {
        return jdbc.sql(SELECT + " WHERE j.id = ?")
                .param(id)
                .query(AnalysisJobs::row)
                .optional();
    }

    /** The id of the newest finished analysis of a patient's studies, by any model version. */
    public Optional<String> latestDoneId(String patientRef) {
        return jdbc.sql("SELECT id FROM app.analysis_job WHERE patient_ref = ? AND status = 'DONE'"
                        + " ORDER BY finished_at DESC FETCH FIRST 1 ROWS ONLY")
                .param(patientRef)
                .query(String.class)
                .optional();
    }

    /**
     * Starts an attempt: the job becomes RUNNING under this attempt's token and its attempts grow by one. A RUNNING job
     * is taken over too: db-scheduler hands an execution to a new attempt only once the previous one stopped sending
     * heartbeats, and the previous attempt's writes are refused from then on. False when the job is DONE or FAILED.
     */
    boolean claim(String id, String attempt) {
        return jdbc.sql("UPDATE app.analysis_job SET status = 'RUNNING', owner = ?, started_at = ?,"
                                + " attempts = attempts + 1 WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
                        .params(attempt, now(), id)
                        .update()
                == 1;
    }

    /** Whether this attempt still runs the job (no other attempt took it over, nothing ended it). */
    boolean holds(String id, String attempt) {
        return jdbc.sql("SELECT COUNT(*) FROM app.analysis_job WHERE id = ? AND owner = ? AND status = 'RUNNING'")
                        .params(id, attempt)
                        .query(Integer.class)
                        .single()
                == 1;
    }

    /** Stores the result of the attempt; false (nothing written) when the attempt no longer holds the job. */
    boolean complete(String id, String attempt, AnalysisPipeline.PipelineResult result) {
        AnalysisPipeline.Timings t = result.timings();
        return jdbc.sql("UPDATE app.analysis_job SET status = 'DONE', finished_at = ?, result_json = ?,"
                                + " report_ref = ?, load_ms = ?, preprocess_ms = ?, infer_ms = ?, report_ms = ?,"
                                + " error = NULL, error_kind = NULL WHERE id = ? AND owner = ? AND status = 'RUNNING'")
                        .params(
                                now(),
                                result.resultJson(),
                                result.reportRef(),
                                (int) t.loadMs(),
                                (int) t.preprocessMs(),
                                (int) t.inferMs(),
                                (int) t.reportMs(),
                                id,
                                attempt)
                        .update()
                == 1;
    }

    /**
     * Attaches the DiagnosticReport written after the job ended DONE ({@link PendingReports}); false when it has one
     * already.
     */
    boolean attachReport(String id, String resultJson, String reportRef) {
        return jdbc.sql("UPDATE app.analysis_job SET result_json = ?, report_ref = ? WHERE id = ? AND status = 'DONE'"
                                + " AND report_ref IS NULL")
                        .params(resultJson, reportRef, id)
                        .update()
                == 1;
    }

    /**
     * Claims the writing of a DONE analysis's DiagnosticReport until {@code until}: true for the one writer that moves
     * the claim from empty or lapsed, false when the report is written or another writer (of this replica or another)
     * holds it.
     */
    boolean claimReport(String id, Instant now, Instant until) {
        return jdbc.sql("UPDATE app.analysis_job SET report_claimed_until = ? WHERE id = ? AND status = 'DONE' AND"
                                + " report_ref IS NULL AND (report_claimed_until IS NULL OR report_claimed_until < ?)")
                        .params(Timestamp.from(until), id, Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Gives up a claim whose write failed, so that the next writer need not wait for it to lapse. */
    void releaseReport(String id) {
        jdbc.sql("UPDATE app.analysis_job SET report_claimed_until = NULL WHERE id = ? AND report_ref IS NULL")
                .param(id)
                .update();
    }

    /** DONE analyses of a patient whose DiagnosticReport is not written yet (a received study's is written on binding). */
    List<String> doneWithoutReport(int limit, Instant finishedBefore) {
        return jdbc.sql("SELECT id FROM app.analysis_job WHERE status = 'DONE' AND report_ref IS NULL AND patient_ref"
                        + " LIKE 'Patient/%' AND finished_at < ? ORDER BY finished_at FETCH FIRST " + limit
                        + " ROWS ONLY")
                .param(Timestamp.from(finishedBefore))
                .query(String.class)
                .list();
    }

    /** Ends the job FAILED with its reason; false when the attempt no longer holds it. */
    boolean fail(String id, String attempt, FailureReason kind, String error) {
        return end(id, attempt, "FAILED", kind, error);
    }

    /**
     * Puts the job back in the queue after a failure that may pass (the PACS was unreachable), keeping the reason as
     * its last error; false when the attempt no longer holds it.
     */
    boolean retryLater(String id, String attempt, FailureReason kind, String error) {
        return end(id, attempt, "QUEUED", kind, error);
    }

    /** Ends a job that used all its attempts without an attempt of its own (they were all cut short). */
    boolean giveUp(String id, FailureReason kind, String error) {
        return jdbc.sql("UPDATE app.analysis_job SET status = 'FAILED', finished_at = ?, owner = NULL, error_kind = ?,"
                                + " error = ? WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
                        .params(now(), kind.name(), truncate(error), id)
                        .update()
                == 1;
    }

    /** Jobs waiting to run or running, of this model version: at startup, each gets its execution if it has none. */
    List<String> unfinished(String modelVersion) {
        return jdbc.sql("SELECT id FROM app.analysis_job WHERE model_version = ? AND status IN ('QUEUED', 'RUNNING')"
                        + " ORDER BY created_at")
                .param(modelVersion)
                .query(String.class)
                .list();
    }

    private boolean end(String id, String attempt, String status, FailureReason kind, String error) {
        return jdbc.sql("UPDATE app.analysis_job SET status = ?, finished_at = ?, owner = NULL, error_kind = ?,"
                                + " error = ? WHERE id = ? AND owner = ? AND status = 'RUNNING'")
                        .params(status, now(), kind.name(), truncate(error), id, attempt)
                        .update()
                == 1;
    }

    private static String truncate(String error) {
        String message = error == null ? "unknown error" : error;
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private static AnalysisJob row(ResultSet rs, int n) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new AnalysisJob(
                rs.getString("id"),
                rs.getString("study_uid"),
                rs.getString("model_version"),
                AnalysisJob.Status.valueOf(rs.getString("status")),
                URI.create(rs.getString("dicomweb_base")),
                rs.getString("patient_ref"),
                rs.getString("imaging_study_ref"),
                fromJson(rs.getString("patient_identifiers")),
                rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getString("report_ref"),
                rs.getString("result_json"),
                rs.getString("error_kind"),
                rs.getString("error"),
                delivery(rs));
    }

    private static AnalysisJob.EhrDelivery delivery(ResultSet rs) throws SQLException {
        String status = rs.getString("ehr_status");
        if (status == null) {
            return null;
        }
        Timestamp delivered = rs.getTimestamp("ehr_delivered_at");
        return new AnalysisJob.EhrDelivery(
                status,
                rs.getInt("ehr_attempts"),
                rs.getString("ehr_error"),
                delivered == null ? null : delivered.toInstant());
    }

    private static String toJson(List<PatientBinding.Identifier> identifiers) {
        try {
            return JSON.writeValueAsString(identifiers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("patient identifiers cannot be written as JSON", e);
        }
    }

    private static List<PatientBinding.Identifier> fromJson(String text) throws SQLException {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(text, IDENTIFIERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored patient identifiers are not valid JSON", e);
        }
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }
}
