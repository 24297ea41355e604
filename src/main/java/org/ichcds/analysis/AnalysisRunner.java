package org.ichcds.analysis;

import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ichcds.reporting.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the attempts of analyses, each on a db-scheduler execution (instance id = analysis id). An attempt:
 *
 * <ul>
 *   <li>counts against {@code ichcds.analysis.max-attempts} whatever started it (the first request, a retry, an
 *       execution revived after its server stopped sending heartbeats); a job out of attempts ends FAILED;
 *   <li>ends at its deadline ({@code ichcds.analysis.deadline}) FAILED with that reason, its pipeline interrupted;
 *   <li>ends on any {@link Throwable}, {@link OutOfMemoryError} included, with the reason recorded: a failure that may
 *       pass (the PACS unreachable) is retried with exponential backoff while attempts remain, others end FAILED;
 *   <li>writes nothing once another attempt holds the job (the pipeline asks before writing results; the job's row is
 *       updated only under the attempt's own token).
 * </ul>
 *
 * The pipeline runs on a thread of its own so that the deadline frees the worker even when a read blocks. Those threads
 * are bounded: twice {@code ichcds.analysis.workers}, room for every worker's attempt and for as many pipelines that
 * were stopped at their deadline but have not returned yet (a read that ignores interruption). An attempt that finds
 * no room does not start: its job stays QUEUED, uncounted, and db-scheduler runs it again after a backoff.
 */
final class AnalysisRunner implements AutoCloseable {

    /** The db-scheduler task of analyses. */
    static final TaskDescriptor<Void> TASK = TaskDescriptor.of("ichcds-analysis");

    private static final Logger log = LoggerFactory.getLogger(AnalysisRunner.class);

    private final AnalysisJobs jobs;
    private final AnalysisPipeline pipeline;
    private final AnalysisProperties properties;
    private final AnalysisWaiters waiters;
    private final PendingReports reports;
    // long enough for a woken hook to have answered on a busy machine, short against the clinician's next search
    private static final Duration REPORT_FALLBACK = Duration.ofSeconds(1);
    private final ExecutorService pipelines = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "analysis-attempt");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore pipelineThreads;

    AnalysisRunner(
            AnalysisJobs jobs,
            AnalysisPipeline pipeline,
            AnalysisProperties properties,
            AnalysisWaiters waiters,
            PendingReports reports) {
        this.jobs = jobs;
        this.reports = reports;
        this.pipeline = pipeline;
        this.properties = properties;
        this.waiters = waiters;
        this.pipelineThreads = new Semaphore(2 * properties.workers());
    }

    /** The task db-scheduler runs: a failure that may pass is rescheduled with exponential backoff. */
    OneTimeTask<Void> task() {
        return Tasks.oneTime(TASK)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(properties.retryBackoff(), 2.0))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> run(instance.getId()));
    }

    /**
     * One attempt of the analysis.
     *
     * @throws RetryLater when the attempt failed in a way that may pass and the job has attempts left
     */
    void run(String id) {
        boolean done = false;
        try {
            done = attempt(id);
        } finally {
            waiters.attemptEnded(id);
        }
        if (done) {
            // the hooks woken above ask for the report after their answer; this is the write when none waited
            reports.submitLater(id, REPORT_FALLBACK);
        }
    }

    /** One attempt; true when it completed the job. */
    private boolean attempt(String id) {
        AnalysisJob job = jobs.get(id).orElse(null);
        if (job == null || job.status() == AnalysisJob.Status.DONE || job.status() == AnalysisJob.Status.FAILED) {
            return false;
        }
        if (job.attempts() >= properties.maxAttempts()) {
            // every attempt so far was cut short: its server stopped, was killed or ran out of memory mid-analysis
            String reason = "stopped after " + job.attempts() + " attempts without finishing"
                    + (job.error() == null ? "" : " (last: " + job.error() + ")");
            jobs.giveUp(id, FailureReason.ANALYSIS_ERROR, reason);
            log.warn("analysis {} given up after {} attempts", id, job.attempts());
            return false;
        }
        if (!pipelineThreads.tryAcquire()) {
            log.warn("analysis {} not started: earlier pipelines stopped at their deadline still hold the threads", id);
            throw new RetryLater(id);
        }
        String attempt = UUID.randomUUID().toString();
        if (!jobs.claim(id, attempt)) {
            pipelineThreads.release();
            return false;
        }
        int number = job.attempts() + 1;
        Lease lease = new Lease(id, attempt, Instant.now().plus(properties.deadline()));
        long start = System.nanoTime();
        Future<AnalysisPipeline.PipelineResult> running = start(id, job, lease);
        try {
            AnalysisPipeline.PipelineResult result =
                    running.get(properties.deadline().toMillis(), TimeUnit.MILLISECONDS);
            if (jobs.complete(id, attempt, result)) {
                log.info("analysis {} done in {} ms (attempt {})", id, ms(start), number);
                return true;
            }
            log.warn("analysis {} attempt {} finished after it lost the job; its result is dropped", id, number);
        } catch (TimeoutException e) {
            running.cancel(true);
            timedOut(id, attempt, number);
        } catch (ExecutionException e) {
            failed(id, attempt, number, e.getCause(), start);
        } catch (InterruptedException e) {
            // the scheduler is stopping: the attempt is cut short and its execution rescheduled
            running.cancel(true);
            jobs.retryLater(id, attempt, FailureReason.ANALYSIS_ERROR, "the server stopped during the analysis");
            log.info("analysis {} attempt {} handed back: the server is stopping", id, number);
            Thread.currentThread().interrupt();
            throw new RetryLater(id);
        }
        return false;
    }

    /** The pipeline on a thread of its own, which gives its permit back when the pipeline has really returned. */
    private Future<AnalysisPipeline.PipelineResult> start(String id, AnalysisJob job, Lease lease) {
        try {
            return pipelines.submit(() -> {
                try {
                    return pipeline.run(id, job.target(), lease);
                } finally {
                    pipelineThreads.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            pipelineThreads.release();
            throw stopping;
        }
    }

    /** Pipelines running or still stopping (for tests and metrics). */
    int pipelinesRunning() {
        return 2 * properties.workers() - pipelineThreads.availablePermits();
    }

    private void failed(String id, String attempt, int number, Throwable cause, long start) {
        if (cause instanceof AttemptStoppedException stopped) {
            if (stopped.stopCause() == AttemptStoppedException.Cause.DEADLINE) {
                timedOut(id, attempt, number);
            } else {
                log.warn("analysis {} attempt {} stopped: another attempt holds the job", id, number);
            }
            return;
        }
        FailureReason kind = AnalysisFailures.classify(cause);
        String reason = AnalysisFailures.describe(cause);
        if (AnalysisFailures.mayPass(cause) && number < properties.maxAttempts()) {
            if (jobs.retryLater(id, attempt, kind, reason)) {
                log.warn(
                        "analysis {} attempt {} of {} failed after {} ms ({}); retried after a backoff",
                        id,
                        number,
                        properties.maxAttempts(),
                        ms(start),
                        cause.getClass().getSimpleName());
                throw new RetryLater(id);
            }
            return;
        }
        jobs.fail(id, attempt, kind, reason);
        log.warn(
                "analysis {} failed after {} ms (attempt {}): {}",
                id,
                ms(start),
                number,
                cause.getClass().getSimpleName());
    }

    private void timedOut(String id, String attempt, int number) {
        jobs.fail(
                id,
                attempt,
                FailureReason.TIMED_OUT,
                "did not finish within its deadline of " + readable(properties.deadline()));
        log.warn("analysis {} attempt {} passed its deadline of {}", id, number, readable(properties.deadline()));
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        pipelines.shutdownNow();
    }

    /** An attempt's right to go on: before its deadline, and while its token still holds the job. */
    private final class Lease implements AnalysisPipeline.Attempt {
        private final String id;
        private final String attempt;
        private final Instant deadline;

        Lease(String id, String attempt, Instant deadline) {
            this.id = id;
            this.attempt = attempt;
            this.deadline = deadline;
        }

        @Override
        public void mayContinue() throws AttemptStoppedException {
            if (Instant.now().isAfter(deadline) || Thread.currentThread().isInterrupted()) {
                throw new AttemptStoppedException(AttemptStoppedException.Cause.DEADLINE, "deadline passed");
            }
            if (!jobs.holds(id, attempt)) {
                throw new AttemptStoppedException(AttemptStoppedException.Cause.TAKEN_OVER, "job taken over");
            }
        }
    }

    /** Tells db-scheduler to run the execution again after its backoff; the job row already says why. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String id) {
            super("analysis " + id + " will be retried", null, false, false);
        }
    }
}
