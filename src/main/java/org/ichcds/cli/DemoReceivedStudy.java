package org.ichcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomUpload;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's imaging path: a modality sends a phantom head CT to the server's C-STORE port with DCMTK's
 * {@code storescu}; the server analyses it once the study is complete, before any hook; then the EHR registers the
 * study and fires study-complete, answered from the stored result. The study is never stored in the PACS, so the answer
 * cannot have come from a fetch.
 */
final class DemoReceivedStudy {

    static final String MODALITY_AE = "DEMO-CT";
    static final String SERVER_AE = "ICHCDS";
    private static final Duration STABLE_AGE = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final int dicomPort;
    private final Path scratch;

    DemoReceivedStudy(PrintWriter out, int dicomPort, Path scratch) {
        this.out = out;
        this.dicomPort = dicomPort;
        this.scratch = scratch;
    }

    /** The server settings that switch the C-STORE receiver on for the demo's modality only. */
    static List<String> serverArguments(int dicomPort, Path spool) {
        return List.of(
                "--ichcds.intake.dimse.enabled=true",
                "--ichcds.intake.dimse.port=" + dicomPort,
                "--ichcds.intake.dimse.bind-address=127.0.0.1",
                "--ichcds.intake.dimse.ae-title=" + SERVER_AE,
                "--ichcds.intake.dimse.allowed-callers[0].ae-title=" + MODALITY_AE,
                "--ichcds.intake.dimse.allowed-callers[0].address=127.0.0.1",
                "--ichcds.intake.spool-dir=" + spool,
                "--ichcds.intake.stable-age=" + STABLE_AGE.toSeconds() + "s");
    }

    /** What the demo registers and fires the hook for once the received study's result is stored. */
    record Received(PhantomUpload.Stored stored, String mrn) {}

    /**
     * Sends the phantom with storescu and waits for its analysis to end; empty when storescu is not installed or the
     * send failed (said on the way).
     */
    Optional<Received> send(JdbcClient jdbc) throws IOException, InterruptedException {
        PhantomUpload.Stored stored = new PhantomUpload(new PhantomSettings(11, 512, 0.5)).write(true, scratch);
        Path folder = PhantomUpload.folder(scratch, stored.studyUid());
        List<String> command = List.of(
                "storescu",
                "-aet",
                MODALITY_AE,
                "-aec",
                SERVER_AE,
                "+sd",
                "127.0.0.1",
                String.valueOf(dicomPort),
                folder.toString());
        out.println("  phantom: " + stored.sopInstanceUids().size() + " slices, truth: "
                + DemoCommand.truth(stored.study().studyLabels()));
        out.println("  $ storescu -aet " + MODALITY_AE + " -aec " + SERVER_AE + " +sd 127.0.0.1 " + dicomPort + " "
                + folder);
        out.flush();
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            out.println("  storescu not found (Debian package dcmtk, which ./ichcds demo installs): step skipped");
            return Optional.empty();
        }
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            out.println("  storescu failed: " + said.strip());
            return Optional.empty();
        }
        out.printf(
                "  %d instances sent in %d ms; the server spools them, and the study is complete when none arrived"
                        + " for %d s (ichcds.intake.stable-age)%n",
                stored.sopInstanceUids().size(), (System.nanoTime() - start) / 1_000_000, STABLE_AGE.toSeconds());
        out.flush();
        JsonNode job = awaitAnalysis(jdbc, stored.studyUid());
        if (job == null) {
            out.println("  the received study's analysis did not end within 2 minutes");
            return Optional.empty();
        }
        out.printf(
                "  analysed before any hook: %s; the result was stored %d ms after the last instance arrived (%d s of"
                        + " it the stable age)%n",
                job.get("summary").asText(), job.get("afterLastMs").asLong(), STABLE_AGE.toSeconds());
        return Optional.of(new Received(stored, stored.study().patientId()));
    }

    /** Registers the study in the EHR's FHIR store, its Endpoint naming a PACS that does not hold it. */
    StudyRegistration.Registered register(StudyRegistration registration, Received received, URI pacsBase) {
        PhantomUpload.Stored stored = received.stored();
        return registration.register(
                received.mrn(),
                "Received",
                pacsBase,
                stored.studyUid(),
                new StudyRegistration.Series(stored.seriesUid(), "CT HEAD WO", stored.sopInstanceUids()));
    }

    /** The received analysis once DONE or FAILED: its outcome and how long after the last instance it ended. */
    private static JsonNode awaitAnalysis(JdbcClient jdbc, String studyUid) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            var row = jdbc.sql("SELECT j.status, j.result_json, j.error, j.finished_at, s.last_received_at"
                            + " FROM app.analysis_job j JOIN app.intake_study s ON s.study_uid = j.study_uid"
                            + " WHERE j.study_uid = ? AND j.patient_ref = 'received:dicom'"
                            + " AND j.status IN ('DONE', 'FAILED')")
                    .param(studyUid)
                    .query((rs, n) -> {
                        var node = JSON.createObjectNode();
                        node.put("summary", summary(rs.getString(1), rs.getString(2), rs.getString(3)));
                        Timestamp finished = rs.getTimestamp(4);
                        Timestamp last = rs.getTimestamp(5);
                        node.put("afterLastMs", finished.getTime() - last.getTime());
                        return node;
                    })
                    .optional();
            if (row.isPresent()) {
                return row.get();
            }
            Thread.sleep(100);
        }
        return null;
    }

    private static String summary(String status, String resultJson, String error) {
        if (!"DONE".equals(status)) {
            return "failed (" + error + ")";
        }
        try {
            List<String> flagged = new ArrayList<>();
            for (JsonNode finding : JSON.readTree(resultJson).at("/findings/findings")) {
                if (finding.path("positive").asBoolean()
                        && !"any".equals(finding.get("label").asText())) {
                    flagged.add(finding.get("label").asText());
                }
            }
            return flagged.isEmpty() ? "no hemorrhage flagged" : "flagged " + String.join(", ", flagged);
        } catch (IOException e) {
            return "done";
        }
    }
}
