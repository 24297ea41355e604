package org.ichcds.writeback;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.pixelmed.dicom.AttributeList;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ichcds.reporting.PacsObject;
import org.ichcds.reporting.StudyFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an analysis's results back to the PACS: a TID 1500 SR and, when a flagged label has boxes, a presentation
 * state drawing them, each in a series of its own in the analysed study. The objects are built when the analysis ends
 * and queued in {@code app.pacs_outbox}; a db-scheduler recurring task, which one replica at a time runs, stores them
 * by STOW-RS and retries a refused or failed store with exponential backoff until the PACS has stored every object,
 * then never sends them again. Their UIDs derive from the analysis id, so a store repeated after a crash adds nothing.
 */
public final class PacsWriteback {

    /** Where the objects are stored. */
    interface Destination {
        /** @throws IOException unless every one of {@code sopInstanceUids} was stored */
        void store(List<String> sopInstanceUids, List<byte[]> instances) throws IOException;
    }

    /** The objects of one analysis, as data sets. */
    record Built(WritebackUids uids, AttributeList report, Optional<AttributeList> presentationState) {}

    private static final Logger log = LoggerFactory.getLogger(PacsWriteback.class);

    private final PacsOutbox outbox;
    private final Destination destination;
    private final URI base;
    private final WritebackProperties properties;
    private final MeasurementReport reports = new MeasurementReport();
    private final BoxPresentationState states = new BoxPresentationState();

    PacsWriteback(PacsOutbox outbox, Destination destination, URI base, WritebackProperties properties) {
        this.outbox = outbox;
        this.destination = destination;
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.properties = properties;
    }

    /**
     * Builds the objects of an analysis and queues them for the PACS; returns them as the FHIR report links them.
     *
     * @throws NotWritableException when the findings name an image the series does not hold, or another study
     */
    public List<PacsObject> queue(StudyFindings study, SourceSeries source) {
        Built built = build(study, source);
        List<String> sops = new ArrayList<>(List.of(built.uids().srInstance()));
        List<byte[]> encoded = new ArrayList<>(List.of(DicomAttributes.encode(built.report())));
        List<PacsObject> links = new ArrayList<>();
        links.add(link(
                PacsObject.Kind.STRUCTURED_REPORT,
                source,
                built.uids().srSeries(),
                built.uids().srInstance()));
        built.presentationState().ifPresent(state -> {
            sops.add(built.uids().prInstance());
            encoded.add(DicomAttributes.encode(state));
            links.add(link(
                    PacsObject.Kind.PRESENTATION_STATE,
                    source,
                    built.uids().prSeries(),
                    built.uids().prInstance()));
        });
        if (outbox.queue(study.analysisId(), source.studyUid(), sops, encoded)) {
            log.info("analysis {}: {} objects queued for the PACS", study.analysisId(), sops.size());
        }
        return links;
    }

    Built build(StudyFindings study, SourceSeries source) {
        if (!study.studyUid().equals(source.studyUid())) {
            throw new NotWritableException("the analysed series is not of the analysed study");
        }
        WritebackUids uids = WritebackUids.of(study.analysisId());
        return new Built(uids, reports.build(study, source, uids), states.build(study, source, uids));
    }

    /** The task that stores due objects, every {@code interval}. */
    RecurringTask<Void> task() {
        return Tasks.recurring("ichcds-pacs-outbox", FixedDelay.of(properties.interval()))
                .execute((instance, context) -> deliverDue());
    }

    /** Stores the objects due now; returns for how many analyses the PACS stored them all. */
    int deliverDue() {
        int delivered = 0;
        for (PacsOutbox.Pending pending : outbox.due()) {
            delivered += deliver(pending) ? 1 : 0;
        }
        return delivered;
    }

    private boolean deliver(PacsOutbox.Pending pending) {
        int attempt = pending.attempts() + 1;
        long start = System.nanoTime();
        try {
            destination.store(pending.sopInstanceUids(), pending.instances());
        } catch (IOException | RuntimeException e) {
            Duration wait = backoff(pending.attempts());
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outbox.failed(pending.analysisId(), attempt, reason, wait);
            log.warn(
                    "objects of analysis {} not stored in the PACS (attempt {}: {}); next try in {} s",
                    pending.analysisId(),
                    attempt,
                    e.getClass().getSimpleName(),
                    wait.toSeconds());
            return false;
        }
        outbox.delivered(pending.analysisId(), attempt);
        log.info(
                "objects of analysis {} stored in the PACS (attempt {}, {} ms)",
                pending.analysisId(),
                attempt,
                (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    private Duration backoff(int failuresBefore) {
        Duration wait = properties.backoff().multipliedBy(1L << Math.min(failuresBefore, 20));
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    /** PS3.18 10.4.1: the WADO-RS URL of an instance. */
    private PacsObject link(PacsObject.Kind kind, SourceSeries source, String series, String sop) {
        return new PacsObject(
                kind, sop, base + "/studies/" + source.studyUid() + "/series/" + series + "/instances/" + sop);
    }
}
