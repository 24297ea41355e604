package org.ichcds.intake;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The received studies in {@code app.intake_study}: the patient each names, when its instances last arrived, and its
 * analysis. The database is what makes "once per study" hold across restarts and replicas: a study leaves RECEIVING in
 * one conditional UPDATE, which only one caller wins.
 */
final class IntakeStudies {

    /** What became of an arriving instance's study. */
    enum Arrival {
        /** The study is receiving and names the same patient: keep the instance. */
        ACCEPTED,
        /** The study's earlier instances name another patient. */
        OTHER_PATIENT,
        /** The study is complete: its analysis was queued already. */
        CLOSED
    }

    /** A study whose analysis was queued and has not ended yet. */
    record Queued(String studyUid, String patientId, String issuer, String analysisId) {}

    private final JdbcClient jdbc;

    IntakeStudies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an instance's arrival: the study is created RECEIVING by its first instance. */
    Arrival arrived(String studyUid, String patientId, String issuer, long bytes) {
        for (int tries = 0; tries < 2; tries++) {
            Timestamp now = Timestamp.from(Instant.now());
            int updated = jdbc.sql("UPDATE app.intake_study SET last_received_at = ?, instances = instances + 1,"
                            + " bytes = bytes + ? WHERE study_uid = ? AND status = 'RECEIVING' AND patient_id = ?"
                            + " AND COALESCE(patient_issuer, '') = ?")
                    .params(now, bytes, studyUid, patientId, issuer)
                    .update();
            if (updated == 1) {
                return Arrival.ACCEPTED;
            }
            try {
                jdbc.sql("INSERT INTO app.intake_study (study_uid, patient_id, patient_issuer, status, instances,"
                                + " bytes, first_received_at, last_received_at)"
                                + " VALUES (?, ?, ?, 'RECEIVING', 1, ?, ?, ?)")
                        .params(studyUid, patientId, issuer.isEmpty() ? null : issuer, bytes, now, now)
                        .update();
                return Arrival.ACCEPTED;
            } catch (DuplicateKeyException exists) {
                // another instance of the study created it first: the UPDATE is tried once more
            }
        }
        String status = status(studyUid).orElse("RECEIVING");
        return "RECEIVING".equals(status) ? Arrival.OTHER_PATIENT : Arrival.CLOSED;
    }

    /** Studies receiving whose last instance arrived before the cutoff. */
    List<String> stableSince(Instant cutoff) {
        return jdbc.sql("SELECT study_uid FROM app.intake_study WHERE status = 'RECEIVING' AND last_received_at < ?"
                        + " ORDER BY last_received_at")
                .param(Timestamp.from(cutoff))
                .query(String.class)
                .list();
    }

    /** Closes a stable study for its analysis; false when another caller did, or an instance arrived meanwhile. */
    boolean close(String studyUid, Instant cutoff) {
        return jdbc.sql("UPDATE app.intake_study SET status = 'QUEUED' WHERE study_uid = ? AND status = 'RECEIVING'"
                                + " AND last_received_at < ?")
                        .params(studyUid, Timestamp.from(cutoff))
                        .update()
                == 1;
    }

    /** Studies closed whose analysis has not ended (or was not yet requested, when a server stopped in between). */
    List<Queued> queued() {
        return jdbc.sql("SELECT study_uid, patient_id, patient_issuer, analysis_id FROM app.intake_study"
                        + " WHERE status = 'QUEUED' ORDER BY last_received_at")
                .query((rs, n) -> new Queued(
                        rs.getString("study_uid"),
                        rs.getString("patient_id"),
                        rs.getString("patient_issuer"),
                        rs.getString("analysis_id")))
                .list();
    }

    void analysisRequested(String studyUid, String analysisId) {
        jdbc.sql("UPDATE app.intake_study SET analysis_id = ? WHERE study_uid = ?")
                .params(analysisId, studyUid)
                .update();
    }

    /** The study's analysis ended; its spooled instances are gone. */
    void ended(String studyUid) {
        jdbc.sql("UPDATE app.intake_study SET status = 'ENDED', ended_at = ? WHERE study_uid = ? AND status = 'QUEUED'")
                .params(Timestamp.from(Instant.now()), studyUid)
                .update();
    }

    Optional<String> status(String studyUid) {
        return jdbc.sql("SELECT status FROM app.intake_study WHERE study_uid = ?")
                .param(studyUid)
                .query(String.class)
                .optional();
    }
}
