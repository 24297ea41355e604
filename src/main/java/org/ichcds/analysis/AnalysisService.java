package org.ichcds.analysis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Runs analyses: one per StudyInstanceUID and model version (idempotent), concurrent requests for the same study
 * share it, a caller waits at most the time budget and the analysis goes on in the background. Jobs live in
 * {@code app.analysis_job}, so an analysis interrupted by a restart is resumed ({@link AnalysisResumer}).
 * Created by {@code AnalysisConfig} once a pipeline exists.
 */
public class AnalysisService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AnalysisService.class);

    private final AnalysisJobs jobs;
    private final AnalysisPipeline pipeline;
    private final AnalysisProperties properties;
    private final String owner = "server-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "analysis-heartbeat"));
    private final Map<String, CompletableFuture<AnalysisJob>> running = new ConcurrentHashMap<>();
    // a DONE job never changes again, so every call for the study after the first is answered from memory
    private final Cache<String, AnalysisJob> done = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    AnalysisService(AnalysisJobs jobs, AnalysisPipeline pipeline, AnalysisProperties properties) {
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.properties = properties;
        this.workers = Executors.newFixedThreadPool(properties.workers(), r -> daemon(r, "analysis-worker"));
    }

    /**
     * The analysis of a study: the stored one when it is done; otherwise starts it (or joins the one running) and
     * waits at most the time budget. The job returned is DONE, FAILED, or still QUEUED/RUNNING when the budget ran out.
     */
    public AnalysisJob request(StudyTarget target) {
        return request(target, target::patientIdentifiers);
    }

    /**
     * As {@link #request(StudyTarget)}, with the Patient's identifiers looked up only when the analysis is created:
     * an analysis that exists already (every call after the first) keeps the identifiers it was made with.
     */
    public AnalysisJob request(StudyTarget target, Supplier<List<PatientBinding.Identifier>> patientIdentifiers) {
        // the patient is part of the key: the same StudyInstanceUID under another patient is another analysis
        String key = target.studyUid() + "|" + pipeline.modelVersion() + "|" + target.patientRef();
        AnalysisJob known = done.getIfPresent(key);
        if (known != null) {
            return known;
        }
        AnalysisJob job = jobs.findOrCreate(target, pipeline.modelVersion(), patientIdentifiers);
        if (job.status() == AnalysisJob.Status.DONE) {
            done.put(key, job);
            return job;
        }
        if (job.status() == AnalysisJob.Status.FAILED) {
            jobs.requeue(job.id());
        }
        CompletableFuture<AnalysisJob> analysis = submit(job.id());
        try {
            return analysis.get(properties.timeBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return jobs.get(job.id()).orElse(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return jobs.get(job.id()).orElse(job);
        } catch (ExecutionException e) {
            throw new IllegalStateException("analysis " + job.id() + " failed unexpectedly", e.getCause());
        }
    }

    /** Starts a job unless it is already running here; callers of the same job share one future. */
    CompletableFuture<AnalysisJob> submit(String id) {
        return running.compute(
                id,
                (key, current) -> current != null && !current.isDone()
                        ? current
                        : CompletableFuture.supplyAsync(() -> execute(key), workers));
    }

    /** Jobs that are queued or were abandoned by a stopped server. */
    void resumeAbandoned() {
        Instant stale = Instant.now().minus(properties.lease());
        for (AnalysisJob job : jobs.resumable(pipeline.modelVersion(), stale, properties.maxAttempts())) {
            if (!running.containsKey(job.id()) || running.get(job.id()).isDone()) {
                log.info("resuming analysis {} ({})", job.id(), job.status());
                submit(job.id());
            }
        }
    }

    private AnalysisJob execute(String id) {
        Instant stale = Instant.now().minus(properties.lease());
        if (!jobs.claim(id, owner, stale)) {
            return jobs.get(id).orElseThrow(); // another server runs it, or it is already done
        }
        long period = Math.max(100, properties.lease().toMillis() / 4);
        ScheduledFuture<?> beat =
                heartbeats.scheduleAtFixedRate(() -> jobs.heartbeat(id, owner), period, period, TimeUnit.MILLISECONDS);
        AnalysisJob job = jobs.get(id).orElseThrow();
        long start = System.nanoTime();
        try {
            jobs.complete(id, owner, pipeline.run(id, job.target()));
            log.info("analysis {} done in {} ms", id, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            // the server is stopping: hand the job back so the next start (or another replica) resumes it
            jobs.release(id, owner);
            log.info("analysis {} interrupted by shutdown; queued again", id);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            jobs.fail(id, owner, AnalysisFailures.classify(e), reason);
            log.warn(
                    "analysis {} failed after {} ms: {}",
                    id,
                    (System.nanoTime() - start) / 1_000_000,
                    e.getClass().getSimpleName());
        } finally {
            beat.cancel(false);
        }
        return jobs.get(id).orElseThrow();
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
        heartbeats.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
