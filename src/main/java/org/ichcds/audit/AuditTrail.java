package org.ichcds.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Records audit entries without holding up the call being audited: {@link #record} puts the entry on a bounded queue,
 * one writer thread appends them to the database in batches (at most about 150 ms after the call). When the database
 * fails, the batch is retried with backoff and kept; when the queue is full a caller waits up to
 * {@code ichcds.audit.offer-timeout}, then the entry is counted as lost ({@code ichcds.audit.lost}) and logged, so a
 * database outage slows the service rather than stopping it. On shutdown the queue is written out before the database
 * closes. What an entry holds never reaches the log.
 */
@Component
public class AuditTrail implements AuditRecorder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration LINGER = Duration.ofMillis(50);

    private final AuditStore store;
    private final AuditProperties properties;
    private final BlockingQueue<AuditEntry> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Counter lost;
    private final Counter writtenCounter;
    private volatile boolean running;
    private Thread writer;

    AuditTrail(AuditStore store, AuditProperties properties, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.lost = meters.counter("ichcds.audit.lost");
        this.writtenCounter = meters.counter("ichcds.audit.written");
        meters.gauge("ichcds.audit.queued", queue, BlockingQueue::size);
    }

    /** Records the entry (unless the trail is switched off). Never throws. */
    @Override
    public void record(AuditEntry entry) {
        if (!properties.enabled()) {
            return;
        }
        try {
            if (queue.offer(entry)
                    || queue.offer(entry, properties.offerTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                accepted.incrementAndGet();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lost.increment();
        log.error("audit entry lost: the audit queue is full (database down or too slow?); see ichcds.audit.lost");
    }

    /** Waits until every entry recorded before this call is in the database; false if that took longer than wait. */
    public boolean awaitWritten(Duration wait) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + wait.toNanos();
        while (written.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "ichcds-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            log.error("{} audit entries could not be written before shutdown", queue.size());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops taking calls first) and before the database closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private void writeLoop() {
        List<AuditEntry> batch = new ArrayList<>(properties.batchSize());
        int failures = 0;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    AuditEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    if (running && queue.size() < properties.batchSize()) {
                        // let a batch gather: one insert batch and commit per LINGER, not one per call, is what
                        // keeps the trail's cost on a busy server to a few percent
                        Thread.sleep(LINGER.toMillis());
                    }
                    queue.drainTo(batch, properties.batchSize() - 1);
                }
                store.append(batch);
                written.addAndGet(batch.size());
                writtenCounter.increment(batch.size());
                batch.clear();
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                if (!running && failures > 3) {
                    return; // shutting down and the database is gone: stop() reports what is left
                }
                log.error(
                        "audit trail: {} entries not yet written ({}); retrying",
                        batch.size() + queue.size(),
                        e.getClass().getSimpleName());
                sleep(backoff(failures));
            }
        }
    }

    private static Duration backoff(int failures) {
        long millis = 250L << Math.min(failures, 7);
        return millis > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
