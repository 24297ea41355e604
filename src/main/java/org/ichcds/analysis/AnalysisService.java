package org.ichcds.analysis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Requests analyses: one per StudyInstanceUID, model version and patient (idempotent); concurrent requests for the same
 * study share it, a caller waits at most the time budget and the analysis goes on in the background. The job's status
 * is {@code app.analysis_job}; its execution is a db-scheduler task ({@link AnalysisRunner}), so any replica on the
 * same database runs it, once, and an execution abandoned by a stopped server is revived. A FAILED analysis stays
 * failed: its attempts were spent (retries of a failure that may pass happen before it is FAILED), and asking again
 * answers the failure without running it again. Created by {@code AnalysisConfig} once a pipeline exists.
 */
public class AnalysisService {

    private static final Logger log = LoggerFactory.getLogger(AnalysisService.class);

    private final AnalysisJobs jobs;
    private final SchedulerClient scheduler;
    private final AnalysisWaiters waiters;
    private final String modelVersion;
    private final Duration timeBudget;
    private final ReceivedBinding received;
    private final PendingReports reports;
    // a DONE job never changes again, so every call for the study after the first is answered from memory
    private final Cache<String, AnalysisJob> done = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    AnalysisService(
            AnalysisJobs jobs,
            SchedulerClient scheduler,
            AnalysisWaiters waiters,
            String modelVersion,
            AnalysisProperties properties) {
        this(jobs, scheduler, waiters, modelVersion, properties, null, null);
    }

    /**
     * @param received binds analyses of received studies to hooks' patients; null when none are looked for
     * @param reports writes the report of an analysis a hook answered from, after the answer; null in tests without
     */
    AnalysisService(
            AnalysisJobs jobs,
            SchedulerClient scheduler,
            AnalysisWaiters waiters,
            String modelVersion,
            AnalysisProperties properties,
            ReceivedBinding received,
            PendingReports reports) {
        this.received = received;
        this.reports = reports;
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.waiters = waiters;
        this.modelVersion = modelVersion;
        this.timeBudget = properties.timeBudget();
    }

    /**
     * The analysis of a study: the stored one when it is done or failed; otherwise starts it (or joins the one queued
     * or running) and waits at most the time budget. The job returned is DONE, FAILED (with its reason), or still
     * QUEUED/RUNNING when the budget ran out.
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
        String key = target.studyUid() + "|" + modelVersion + "|" + target.patientRef();
        AnalysisJob known = done.getIfPresent(key);
        if (known != null) {
            return known;
        }
        Optional<AnalysisJob> fromReceived = fromReceived(target, patientIdentifiers);
        if (fromReceived.isPresent()) {
            return remember(key, fromReceived.get());
        }
        AnalysisJob job = jobs.findOrCreate(target, modelVersion, patientIdentifiers);
        if (ended(job)) {
            return remember(key, job);
        }
        CompletableFuture<Void> attemptEnded = waiters.register(job.id());
        schedule(job.id());
        AnalysisJob current = jobs.get(job.id()).orElse(job);
        if (ended(current)) {
            return remember(key, current);
        }
        try {
            AnalysisWaiters.await(attemptEnded, timeBudget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AnalysisJob ended = jobs.get(job.id()).orElse(current);
        if (reports != null && ended.status() == AnalysisJob.Status.DONE && ended.reportRef() == null) {
            reports.submit(ended.id()); // after this call's answer
        }
        return remember(key, ended);
    }

    /**
     * Queues the analysis of a study the server received itself, once per StudyInstanceUID and model version however
     * often it is asked (a repeat finds the same job and adds no execution). Its images are read from the intake spool,
     * and its result is given to a hook only as {@link ReceivedBinding} allows.
     *
     * @param images the patient the received images name
     */
    public AnalysisJob queueReceived(String studyUid, PatientBinding.DicomPatient images) {
        String issuer = images.issuer() == null || images.issuer().isBlank()
                ? null
                : images.issuer().strip();
        AnalysisJob job = jobs.findOrCreateReceived(
                studyUid,
                modelVersion,
                List.of(new PatientBinding.Identifier(issuer, images.patientId().strip())));
        if (!ended(job)) {
            schedule(job.id());
        }
        return job;
    }

    /** The state of an analysis (a received one, for the intake to know when its spooled images may go). */
    public Optional<AnalysisJob.Status> status(String analysisId) {
        return jobs.get(analysisId).map(AnalysisJob::status);
    }

    /**
     * The hook patient's answer from a received study, when the study was received and the patient has no analysis of
     * it yet: a received analysis still running is waited for within the time budget, as any other.
     */
    private Optional<AnalysisJob> fromReceived(
            StudyTarget target, Supplier<List<PatientBinding.Identifier>> patientIdentifiers) {
        if (received == null
                || target.received()
                || jobs.find(target.studyUid(), modelVersion, target.patientRef())
                        .isPresent()) {
            return Optional.empty();
        }
        Optional<AnalysisJob> bound = received.bind(target, patientIdentifiers);
        if (bound.isEmpty() || !bound.get().receivedUnbound() || ended(bound.get())) {
            return bound;
        }
        CompletableFuture<Void> attemptEnded = waiters.register(bound.get().id());
        try {
            AnalysisWaiters.await(attemptEnded, timeBudget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return received.bind(target, patientIdentifiers);
    }

    /** Gives every queued or running job of this model version its execution, unless it has one (at startup). */
    @EventListener(ApplicationReadyEvent.class)
    void scheduleUnfinished() {
        int scheduled = 0;
        for (String id : jobs.unfinished(modelVersion)) {
            scheduled += schedule(id) ? 1 : 0;
        }
        if (scheduled > 0) {
            log.info("{} unfinished analyses scheduled again", scheduled);
        }
    }

    private boolean schedule(String id) {
        // one execution per analysis: a second request (or replica) finds it and adds none
        return scheduler.scheduleIfNotExists(AnalysisRunner.TASK.instance(id).scheduledTo(Instant.now()));
    }

    private AnalysisJob remember(String key, AnalysisJob job) {
        if (job.status() == AnalysisJob.Status.DONE) {
            done.put(key, job);
        }
        return job;
    }

    private static boolean ended(AnalysisJob job) {
        return job.status() == AnalysisJob.Status.DONE || job.status() == AnalysisJob.Status.FAILED;
    }
}
