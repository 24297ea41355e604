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
 * under another patient is another analysis, so no call for one patient ever reads another's. Claims are optimistic
 * updates, so on one shared database any server replica can run any job, and each job runs once at a time.
 */
@Repository
public class AnalysisJobs {

    private static final String COLUMNS = "id, study_uid, model_version, status, dicomweb_base, patient_ref,"
            + " imaging_study_ref, patient_identifiers, attempts, created_at, finished_at, report_ref, result_json,"
            + " error_kind, error";
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

    /** The analysis of a study by a model version for one patient ({@code Patient/<id>}). */
    Optional<AnalysisJob> find(String studyUid, String modelVersion, String patientRef) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app.analysis_job"
                        + " WHERE study_uid = ? AND model_version = ? AND patient_ref = ?")
                .params(studyUid, modelVersion, patientRef)
                .query(AnalysisJobs::row)
                .optional();
    }

    public Optional<AnalysisJob> get(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app.analysis_job WHERE id = ?")
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

    /** Claims a queued job, or a running one whose owner stopped sending heartbeats; true if this owner got it. */
    boolean claim(String id, String owner, Instant staleBefore) {
        return jdbc.sql("UPDATE app.analysis_job SET status = 'RUNNING', owner = ?, heartbeat_at = ?,"
                                + " started_at = ?, attempts = attempts + 1 WHERE id = ? AND (status = 'QUEUED'"
                                + " OR (status = 'RUNNING' AND (heartbeat_at IS NULL OR heartbeat_at < ?)))")
                        .params(owner, now(), now(), id, Timestamp.from(staleBefore))
                        .update()
                == 1;
    }

    void heartbeat(String id, String owner) {
        jdbc.sql("UPDATE app.analysis_job SET heartbeat_at = ? WHERE id = ? AND owner = ?")
                .params(now(), id, owner)
                .update();
    }

    void complete(String id, String owner, AnalysisPipeline.PipelineResult result) {
        AnalysisPipeline.Timings t = result.timings();
        jdbc.sql("UPDATE app.analysis_job SET status = 'DONE', finished_at = ?, result_json = ?, report_ref = ?,"
                        + " load_ms = ?, preprocess_ms = ?, infer_ms = ?, report_ms = ?, error = NULL, error_kind = NULL"
                        + " WHERE id = ? AND owner = ?")
                .params(
                        now(),
                        result.resultJson(),
                        result.reportRef(),
                        (int) t.loadMs(),
                        (int) t.preprocessMs(),
                        (int) t.inferMs(),
                        (int) t.reportMs(),
                        id,
                        owner)
                .update();
    }

    void fail(String id, String owner, FailureReason kind, String error) {
        String message = error == null ? "unknown error" : error;
        jdbc.sql("UPDATE app.analysis_job SET status = 'FAILED', finished_at = ?, error_kind = ?, error = ?"
                        + " WHERE id = ? AND owner = ?")
                .params(now(), kind.name(), message.length() > 1000 ? message.substring(0, 1000) : message, id, owner)
                .update();
    }

    /** Hands a running job back to the queue (this server is stopping). */
    void release(String id, String owner) {
        jdbc.sql("UPDATE app.analysis_job SET status = 'QUEUED', owner = NULL, heartbeat_at = NULL"
                        + " WHERE id = ? AND owner = ? AND status = 'RUNNING'")
                .params(id, owner)
                .update();
    }

    /** Puts a failed job back in the queue (the study was asked for again). */
    void requeue(String id) {
        jdbc.sql(
                        "UPDATE app.analysis_job SET status = 'QUEUED', error = NULL, error_kind = NULL WHERE id = ? AND status = 'FAILED'")
                .param(id)
                .update();
    }

    /** Jobs waiting to run, or abandoned by a server that stopped (restart, crash). */
    List<AnalysisJob> resumable(String modelVersion, Instant staleBefore, int maxAttempts) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app.analysis_job WHERE model_version = ? AND attempts < ? AND"
                        + " (status = 'QUEUED' OR (status = 'RUNNING' AND (heartbeat_at IS NULL OR heartbeat_at < ?)))"
                        + " ORDER BY created_at")
                .params(modelVersion, maxAttempts, Timestamp.from(staleBefore))
                .query(AnalysisJobs::row)
                .list();
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
                rs.getString("error"));
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
