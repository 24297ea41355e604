package org.ichcds.writeback;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The table {@code app.pacs_outbox}: objects waiting to be stored in the PACS, one row per analysis, with where their
 * delivery stands. A row is written once (a second attempt of the same analysis finds it and leaves it: the objects
 * are the same), and marked DELIVERED once the PACS has stored every object.
 */
final class PacsOutbox {

    private static final int BATCH = 20;
    private static final int MAX_ERROR = 1000;

    private final JdbcClient jdbc;

    PacsOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Objects of one analysis, due for delivery. */
    record Pending(String analysisId, List<String> sopInstanceUids, List<byte[]> instances, int attempts) {}

    /** Queues the objects of an analysis; false when they were queued before. */
    boolean queue(String analysisId, String studyUid, List<String> sopInstanceUids, List<byte[]> instances) {
        Timestamp now = Timestamp.from(Instant.now());
        String encoded = String.join(
                "\n",
                instances.stream().map(Base64.getEncoder()::encodeToString).toList());
        try {
            jdbc.sql("INSERT INTO app.pacs_outbox (analysis_id, study_uid, sop_instance_uids, instances_base64, status,"
                            + " attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)")
                    .params(analysisId, studyUid, String.join(" ", sopInstanceUids), encoded, now, now)
                    .update();
            return true;
        } catch (DuplicateKeyException queuedBefore) {
            return false;
        }
    }

    List<Pending> due() {
        return jdbc.sql("SELECT analysis_id, sop_instance_uids, instances_base64, attempts FROM app.pacs_outbox"
                        + " WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at FETCH FIRST "
                        + BATCH + " ROWS ONLY")
                .param(Timestamp.from(Instant.now()))
                .query((rs, n) -> new Pending(
                        rs.getString(1),
                        Arrays.asList(rs.getString(2).split(" ")),
                        Arrays.stream(rs.getString(3).split("\n"))
                                .map(Base64.getDecoder()::decode)
                                .toList(),
                        rs.getInt(4)))
                .list();
    }

    void delivered(String analysisId, int attempt) {
        jdbc.sql("UPDATE app.pacs_outbox SET status = 'DELIVERED', attempts = ?, last_error = NULL, delivered_at = ?"
                        + " WHERE analysis_id = ?")
                .params(attempt, Timestamp.from(Instant.now()), analysisId)
                .update();
    }

    void failed(String analysisId, int attempt, String reason, Duration wait) {
        jdbc.sql("UPDATE app.pacs_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?"
                        + " WHERE analysis_id = ? AND status = 'PENDING'")
                .params(
                        attempt,
                        reason.length() > MAX_ERROR ? reason.substring(0, MAX_ERROR) : reason,
                        Timestamp.from(Instant.now().plus(wait)),
                        analysisId)
                .update();
    }
}
