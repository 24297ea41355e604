package org.ichcds.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ichcds.audit.*}: the audit trail.
 *
 * @param enabled record the trail (on by default; off only to measure what it costs)
 * @param queueCapacity entries waiting to be written before a caller waits
 * @param offerTimeout how long a caller waits for room when the queue is full (the database is down or too slow)
 *     before the entry is counted as lost in {@code ichcds.audit.lost} and logged
 * @param batchSize entries written in one batch
 */
@ConfigurationProperties("ichcds.audit")
public record AuditProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100000") int queueCapacity,
        @DefaultValue("1s") Duration offerTimeout,
        @DefaultValue("1000") int batchSize) {

    public AuditProperties {
        if (queueCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("ichcds.audit.queue-capacity and batch-size must be at least 1");
        }
    }
}
