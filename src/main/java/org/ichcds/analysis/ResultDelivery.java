package org.ichcds.analysis;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores an analysis's FHIR results: in the local FHIR store at once, and to the EHR's FHIR server (when one is
 * configured) through an outbox, {@code app.ehr_outbox}. One row per analysis, queued when the results are stored
 * locally; a db-scheduler recurring task, which one replica at a time runs, delivers the due rows and retries a refused
 * or failed delivery with exponential backoff until the EHR accepts it. A delivery is marked DELIVERED once and never
 * sent again; one repeated because a server stopped between the EHR's answer and that mark stores nothing twice, the
 * bundle being conditional creates keyed by the analysis.
 */
final class ResultDelivery {

    /** Sends transactions to the EHR's FHIR server. */
    interface EhrServer {
        String encode(Bundle transaction);

        /** @throws IOException when the EHR cannot be reached or refuses the transaction */
        void send(String transactionJson) throws IOException;
    }

    /**
     * Settings of the outbox ({@code ichcds.analysis.ehr-outbox.*}).
     *
     * @param interval how often due deliveries are looked for
     * @param backoff the wait after a first failed delivery; doubled after each further one
     * @param maxBackoff the longest wait between two deliveries of the same results
     */
    @ConfigurationProperties("ichcds.analysis.ehr-outbox")
    record OutboxProperties(
            @DefaultValue("5s") Duration interval,
            @DefaultValue("10s") Duration backoff,
            @DefaultValue("1h") Duration maxBackoff) {}

    private static final Logger log = LoggerFactory.getLogger(ResultDelivery.class);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final Function<Bundle, String> localStore;
    private final EhrServer ehr;
    private final OutboxProperties properties;

    /**
     * @param localStore stores a transaction locally and returns the DiagnosticReport, {@code DiagnosticReport/<id>}
     * @param ehr the EHR's FHIR server, or null when results stay local
     */
    ResultDelivery(JdbcClient jdbc, Function<Bundle, String> localStore, EhrServer ehr, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.localStore = localStore;
        this.ehr = ehr;
        this.properties = properties;
    }

    /** Stores the results locally, queues them for the EHR, and returns the DiagnosticReport stored. */
    String store(String analysisId, Bundle transaction) {
        String report = localStore.apply(transaction);
        if (ehr != null) {
            queue(analysisId, ehr.encode(transaction));
        }
        return report;
    }

    /** The task that delivers due results, every {@code interval}. */
    RecurringTask<Void> task() {
        return Tasks.recurring("ichcds-ehr-outbox", FixedDelay.of(properties.interval()))
                .execute((instance, context) -> deliverDue());
    }

    /** Delivers the results due now; returns how many the EHR accepted. */
    int deliverDue() {
        if (ehr == null) {
            return 0;
        }
        List<Pending> due = jdbc.sql("SELECT analysis_id, bundle_json, attempts FROM app.ehr_outbox WHERE status ="
                        + " 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at FETCH FIRST " + BATCH
                        + " ROWS ONLY")
                .param(Timestamp.from(Instant.now()))
                .query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getInt(3)))
                .list();
        int delivered = 0;
        for (Pending pending : due) {
            delivered += deliver(pending) ? 1 : 0;
        }
        return delivered;
    }

    private boolean deliver(Pending pending) {
        int attempt = pending.attempts() + 1;
        try {
            ehr.send(pending.json());
        } catch (IOException | RuntimeException e) {
            Duration wait = backoff(pending.attempts());
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            jdbc.sql("UPDATE app.ehr_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?"
                            + " WHERE analysis_id = ? AND status = 'PENDING'")
                    .params(
                            attempt,
                            reason.length() > 1000 ? reason.substring(0, 1000) : reason,
                            Timestamp.from(Instant.now().plus(wait)),
                            pending.analysisId())
                    .update();
            log.warn(
                    "results of analysis {} not delivered to the EHR (attempt {}: {}); next try in {} s",
                    pending.analysisId(),
                    attempt,
                    e.getClass().getSimpleName(),
                    wait.toSeconds());
            return false;
        }
        jdbc.sql("UPDATE app.ehr_outbox SET status = 'DELIVERED', attempts = ?, last_error = NULL, delivered_at = ?"
                        + " WHERE analysis_id = ?")
                .params(attempt, Timestamp.from(Instant.now()), pending.analysisId())
                .update();
        log.info("results of analysis {} delivered to the EHR (attempt {})", pending.analysisId(), attempt);
        return true;
    }

    private void queue(String analysisId, String json) {
        Timestamp now = Timestamp.from(Instant.now());
        try {
            jdbc.sql("INSERT INTO app.ehr_outbox (analysis_id, bundle_json, status, attempts, created_at,"
                            + " next_attempt_at) VALUES (?, ?, 'PENDING', 0, ?, ?)")
                    .params(analysisId, json, now, now)
                    .update();
        } catch (DuplicateKeyException queuedBefore) {
            // an earlier attempt of this analysis queued its results: those are delivered (they are the same
            // resources, matched on the same identifiers)
        }
    }

    private Duration backoff(int failuresBefore) {
        Duration wait = properties.backoff().multipliedBy(1L << Math.min(failuresBefore, 20));
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    private record Pending(String analysisId, String json, int attempts) {}
}
