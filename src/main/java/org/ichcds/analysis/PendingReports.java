package org.ichcds.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ichcds.reporting.DiagnosticReportWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DiagnosticReports written after the answer: an analysis is DONE with its findings stored as soon as the model has
 * spoken, and the hooks waiting for it answer from them (the cards need no report id: the report's identifier, the
 * analysis id, links it before it exists); the report is written just after, on a thread of its own. The same holds
 * for a received study's result bound to a hook's patient, so the first call for a study that arrived before anyone
 * asked waits for no FHIR transaction either. The time it takes is the stage {@code fhir-report} of
 * {@code ichcds.analysis.stage}. A report not written then (the server stopped, the store refused) is written by a
 * recurring task that looks for DONE analyses of a patient without one. Every replica that answers a hook for the analysis
 * sets out to write its report, so a writer first claims it in the job table ({@link AnalysisJobs#claimReport}) and the
 * others leave it; a claim whose writer stopped lapses after {@link #CLAIM}. Were two to write anyway (a write longer
 * than the claim), nothing is stored twice: the transaction is conditional creates keyed by the analysis
 * ({@link ResultDelivery}), and the report is attached to the job only where none is.
 */
final class PendingReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PendingReports.class);
    private static final int BATCH = 20;
    private static final int MAX_QUEUED = 1_000;
    private static final Duration WRITER_GRACE = Duration.ofSeconds(30);
    // far longer than a report's transaction (under a second; a few on a cold PostgreSQL), and short enough that a
    // report whose writer stopped is written by the next recurring run after it
    static final Duration CLAIM = Duration.ofMinutes(2);

    private final AnalysisJobs jobs;
    private final ResultDelivery results;
    private final ObjectMapper json;
    private final Duration interval;
    private final Timer writing;
    private final DiagnosticReportWriter reports = new DiagnosticReportWriter();
    // one writer, a bounded queue; a report that finds it full is left to the recurring task
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "pending-reports");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger queued = new AtomicInteger();

    PendingReports(
            AnalysisJobs jobs, ResultDelivery results, ObjectMapper json, Duration interval, MeterRegistry meters) {
        this.jobs = jobs;
        this.writing = MeteredPipeline.stageTimer(meters, "fhir-report");
        this.results = results;
        this.json = json;
        this.interval = interval;
    }

    /**
     * Writes the analysis's report soon: once the hook call on this thread has its answer ({@link AfterAnswer}), or at
     * once on a thread that answers no hook.
     */
    void submit(String analysisId) {
        AfterAnswer.defer(() -> schedule(analysisId, Duration.ZERO));
    }

    /**
     * Writes the report of an analysis that ended on a background thread after {@code delay}: a hook waiting for it
     * asks for it after its own answer ({@link #submit}), and this is the write when none did. The writer is one thread,
     * so the later of the two finds the report written and does nothing.
     */
    void submitLater(String analysisId, Duration delay) {
        schedule(analysisId, delay);
    }

    private void schedule(String analysisId, Duration delay) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            log.debug("report of analysis {} left to the recurring task", analysisId);
            return;
        }
        try {
            writer.schedule(
                    () -> {
                        queued.decrementAndGet();
                        write(analysisId);
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            queued.decrementAndGet();
            log.debug("report of analysis {} left to the recurring task", analysisId);
        }
    }

    /** Writes the report of a DONE analysis that has none; true when it was written here. */
    boolean write(String analysisId) {
        AnalysisJob job = jobs.get(analysisId).orElse(null);
        if (job == null || job.status() != AnalysisJob.Status.DONE || job.reportRef() != null || !job.ofPatient()) {
            // not a patient's finished analysis (a received study's waits for a hook's Patient), or reported already
            return false;
        }
        Instant now = Instant.now();
        if (!jobs.claimReport(analysisId, now, now.plus(CLAIM))) {
            log.debug("report of analysis {} is being written by another writer", analysisId);
            return false;
        }
        long start = System.nanoTime();
        try {
            AnalysisResult result = json.readValue(job.resultJson(), AnalysisResult.class);
            String reportRef = results.store(
                    analysisId, reports.asTransaction(reports.build(result.findings(), result.pacsObjects())));
            boolean attached =
                    jobs.attachReport(analysisId, json.writeValueAsString(result.withReport(reportRef)), reportRef);
            writing.record(Duration.ofNanos(System.nanoTime() - start));
            return attached;
        } catch (Exception | LinkageError e) {
            release(analysisId);
            log.warn(
                    "report of analysis {} not written yet, tried again in {}: {}",
                    analysisId,
                    interval,
                    e.getClass().getSimpleName());
            return false;
        }
    }

    private void release(String analysisId) {
        try {
            jobs.releaseReport(analysisId);
        } catch (RuntimeException storeDown) {
            // the claim lapses by itself
        }
    }

    /** Writes the reports still missing, every {@code interval}. */
    RecurringTask<Void> task() {
        return Tasks.recurring("ichcds-pending-reports", FixedDelay.of(interval))
                .execute((instance, context) -> writeMissing());
    }

    int writeMissing() {
        int written = 0;
        // one the writer thread is on (it ended just now) is left to it: two writers would race to create it
        for (String id : jobs.doneWithoutReport(BATCH, Instant.now().minus(WRITER_GRACE))) {
            written += write(id) ? 1 : 0;
        }
        return written;
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
