package org.ichcds.intake;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ichcds.analysis.AnalysisJob;
import org.ichcds.analysis.AnalysisService;
import org.ichcds.analysis.PatientBinding;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every {@code check-interval}: closes the studies no instance arrived for during {@code stable-age} and queues each
 * one's analysis, then removes the spooled instances of the analyses that ended. All of it is read from the database,
 * so a study spooled before a restart is closed and analysed after it, once (the close is one conditional UPDATE, the
 * analysis is unique per study and model version).
 */
final class StableStudies implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StableStudies.class);

    private final IntakeStudies studies;
    private final StudySpool spool;
    private final AnalysisService analyses;
    private final AuditRecorder audit;
    private final IntakeProperties properties;
    private ScheduledExecutorService timer;

    StableStudies(
            IntakeStudies studies,
            StudySpool spool,
            AnalysisService analyses,
            AuditRecorder audit,
            IntakeProperties properties) {
        this.studies = studies;
        this.spool = spool;
        this.analyses = analyses;
        this.audit = audit;
        this.properties = properties;
    }

    /** One pass: close stable studies, request their analyses, clear the spool of ended ones. */
    void check() {
        Instant cutoff = Instant.now().minus(properties.stableAge());
        for (String studyUid : studies.stableSince(cutoff)) {
            studies.close(studyUid, cutoff);
        }
        for (IntakeStudies.Queued queued : studies.queued()) {
            if (queued.analysisId() == null) {
                request(queued);
            } else {
                Optional<AnalysisJob.Status> status = analyses.status(queued.analysisId());
                if (status.isEmpty()
                        || status.get() == AnalysisJob.Status.DONE
                        || status.get() == AnalysisJob.Status.FAILED) {
                    release(queued.studyUid());
                }
            }
        }
    }

    private void request(IntakeStudies.Queued queued) {
        AnalysisJob job = analyses.queueReceived(
                queued.studyUid(), new PatientBinding.DicomPatient(queued.patientId(), queued.issuer()));
        studies.analysisRequested(queued.studyUid(), job.id());
        log.info("received study complete: analysis {} queued", job.id());
        audit.record(AuditEntry.now(
                AuditKind.STUDY_RECEIVED,
                "study complete",
                AuditEntry.Outcome.SUCCESS,
                "analysis queued",
                null,
                new AuditEntry.What(null, queued.studyUid(), job.id(), null)));
    }

    private void release(String studyUid) {
        try {
            spool.remove(studyUid);
            studies.ended(studyUid);
        } catch (java.io.IOException e) {
            log.warn("spooled instances of an ended analysis not removed yet: {}", e.getMessage());
        }
    }

    private void safeCheck() {
        try {
            check();
        } catch (RuntimeException e) {
            // the next pass tries again; a database that is down must not end the timer
            log.warn("received studies not checked: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "intake-stable-studies");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::safeCheck, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
