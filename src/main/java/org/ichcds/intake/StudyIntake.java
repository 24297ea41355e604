package org.ichcds.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.InstanceHeader;
import org.ichcds.dicom.StudyTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a received instance (from C-STORE or STOW-RS) into the spool, or refuses it with a reason: not readable
 * DICOM, no PatientID, over a limit, naming another patient than the study's earlier instances, or for a study whose
 * analysis was queued already. Every refusal is audited; nothing of the patient reaches the log.
 */
final class StudyIntake {

    private static final Logger log = LoggerFactory.getLogger(StudyIntake.class);

    private final StudySpool spool;
    private final IntakeStudies studies;
    private final AuditRecorder audit;

    StudyIntake(StudySpool spool, IntakeStudies studies, AuditRecorder audit) {
        this.spool = spool;
        this.studies = studies;
        this.audit = audit;
    }

    StudySpool spool() {
        return spool;
    }

    /**
     * What became of a received instance: its header when it could be read, and why it was refused (null when kept).
     */
    record Received(InstanceHeader header, Refusal refusal) {}

    /**
     * Keeps the instance in {@code file} (which is moved away or deleted in every case), or refuses it (audited).
     *
     * @param interaction how it came ({@code C-STORE}, {@code STOW-RS}), for the audit trail
     */
    Received receive(Path file, String interaction, AuditEntry.Who who) throws IOException {
        InstanceHeader header;
        try {
            header = InstanceHeader.read(file, spool.maxInstanceBytes());
        } catch (StudyTooLargeException e) {
            Files.deleteIfExists(file);
            return new Received(
                    null, refused(interaction, who, null, new Refusal(Refusal.OUT_OF_RESOURCES, e.getMessage())));
        } catch (DicomFormatException e) {
            Files.deleteIfExists(file);
            return new Received(
                    null, refused(interaction, who, null, new Refusal(Refusal.CANNOT_UNDERSTAND, e.getMessage())));
        }
        try {
            if (header.patientId().isEmpty()) {
                throw new Refusal(
                        Refusal.PROCESSING_FAILURE,
                        "the instance names no PatientID (0010,0020): a received study is only given to the Patient"
                                + " it names");
            }
            spool.place(file, header, bytes -> admit(header, bytes));
            return new Received(header, null);
        } catch (Refusal refusal) {
            Files.deleteIfExists(file);
            return new Received(header, refused(interaction, who, header.studyUid(), refusal));
        }
    }

    private void admit(InstanceHeader header, long bytes) throws Refusal {
        switch (studies.arrived(header.studyUid(), header.patientId(), header.issuer(), bytes)) {
            case ACCEPTED -> {}
            case OTHER_PATIENT ->
                throw new Refusal(Refusal.PROCESSING_FAILURE, "earlier instances of the study name another patient");
            case CLOSED ->
                throw new Refusal(
                        Refusal.PROCESSING_FAILURE,
                        "the study is complete and its analysis was queued: a received study is analysed once");
        }
    }

    /** Audits and logs a refusal (what and why, never whose), and returns it to be thrown. */
    Refusal refused(String interaction, AuditEntry.Who who, String studyUid, Refusal refusal) {
        log.warn("{} refused from {}: {}", interaction, who.source(), refusal.getMessage());
        audit.record(AuditEntry.now(
                AuditKind.STUDY_RECEIVED,
                interaction,
                AuditEntry.Outcome.MINOR_FAILURE,
                refusal.getMessage(),
                who,
                new AuditEntry.What(null, studyUid, null, null)));
        return refusal;
    }
}
