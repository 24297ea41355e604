package org.ichcds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.ichcds.ItEnvironment;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.ichcds.dicom.InstanceHeader;
import org.ichcds.training.phantoms.PhantomUpload;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Receiving studies: a phantom series sent by DCMTK's storescu (and over STOW-RS) is spooled, analysed once after the
 * stable age, removed from the spool, and a study-complete hook for it answers from the stored result: the study was
 * never in the PACS and its Endpoint points where nothing listens, so any fetch would fail. Callers not allowed are
 * refused; a patient other than the images' gets no result.
 */
class IntakeIT extends ServerITBase {

    // nothing listens on port 9 (discard) of loopback: a fetch from this Endpoint could only fail
    private static final URI DEAD_PACS = URI.create("http://127.0.0.1:9/dicom-web/");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StableStudies stableStudies;

    ItHooks hooks() {
        return new ItHooks(baseUrl(), fhirClient());
    }

    @Test
    void aStudySentByStorescuIsAnalysedOnceAndAHookGetsItsResultWithoutFetching() throws Exception {
        Path scratch = Files.createTempDirectory(environment().dir, "received");
        PhantomUpload.Stored study = hooks().writePositivePhantom(1301, scratch);

        Process sent =
                environment().storescu(ItEnvironment.MODALITY_AE, PhantomUpload.folder(scratch, study.studyUid()));

        assertThat(sent.exitValue()).as(output(sent)).isZero();
        awaitEnded(study.studyUid());
        assertThat(jobs(study.studyUid(), "received:dicom")).containsExactly("DONE/1");
        assertThat(environment().dir.resolve("spool").resolve(study.studyUid())).doesNotExist();

        ItHooks.Registered registered = hooks().registerCopy(
                        new ItHooks.Registered(study, null), study.study().patientId(), DEAD_PACS);
        JsonNode card = hooks().cardsWhenDone(registered).get(0);
        assertThat(card.get("indicator").asText()).as(card.toString()).isEqualTo("critical");
        assertThat(card.at("/suggestions/0/actions/0/resource/subject/reference")
                        .asText())
                .endsWith("Patient/" + registered.patientId());
        // the patient's analysis is the received one's result, bound: no attempt of its own, so nothing fetched
        assertThat(jobs(study.studyUid(), "Patient/" + registered.patientId())).containsExactly("DONE/0");

        // another patient (another MRN), and a patient without identifiers, get nothing of it
        for (String mrn : new String[] {"MRN-OF-SOMEONE-ELSE", null}) {
            ItHooks.Registered other = hooks().registerCopy(registered, mrn, DEAD_PACS);
            JsonNode refused = hooks().cardsWhenDone(other).get(0);
            assertThat(refused.get("indicator").asText()).isEqualTo("warning");
            assertThat(refused.get("summary").asText()).contains("the images do not match this patient");
            assertThat(refused.has("suggestions")).isFalse();
            assertThat(jobs(study.studyUid(), "Patient/" + other.patientId())).containsExactly("FAILED/0");
        }
        assertThat(analyses(study.studyUid())).isEqualTo(4);
    }

    @Test
    void callersNotAllowedAreRejectedAtAssociationAndAudited() throws Exception {
        Path scratch = Files.createTempDirectory(environment().dir, "refused");
        PhantomUpload.Stored study = hooks().writePositivePhantom(1302, scratch);
        Path folder = PhantomUpload.folder(scratch, study.studyUid());

        Process stranger = environment().storescu("IT-STRANGER", folder);
        Process far = environment().storescu(ItEnvironment.FAR_MODALITY_AE, folder);

        for (Process refused : List.of(stranger, far)) {
            assertThat(refused.exitValue()).isNotZero();
            assertThat(output(refused)).containsIgnoringCase("rejected");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app.intake_study WHERE study_uid = ?")
                        .param(study.studyUid())
                        .query(Integer.class)
                        .single())
                .isZero();
        awaitAudit("calling AE title IT-STRANGER is not in ichcds.intake.dimse.allowed-callers");
        awaitAudit("calling AE title IT-FAR is not allowed from 127.0.0.1");
    }

    @Test
    void stowRsNeedsItsScopeAndAnswersPerInstance() throws Exception {
        Path scratch = Files.createTempDirectory(environment().dir, "stow");
        PhantomUpload.Stored study = hooks().writePositivePhantom(1303, scratch);
        List<byte[]> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(PhantomUpload.folder(scratch, study.studyUid()))) {
            for (Path file : files.sorted().toList()) {
                parts.add(Files.readAllBytes(file));
            }
        }
        int instances = parts.size();

        assertThat(stow(parts, null).statusCode()).isEqualTo(401);
        assertThat(stow(parts, environment().adminToken()).statusCode()).isEqualTo(403);
        parts.add("not DICOM at all".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> stored = stow(parts, stowToken());

        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
        JsonNode answer = ItHooks.JSON.readTree(stored.body());
        assertThat(answer.at("/00081199/Value")).hasSize(instances);
        assertThat(answer.at("/00081199/Value/0/00081155/Value/0").asText()).isIn(study.sopInstanceUids());
        assertThat(answer.at("/00081198/Value")).hasSize(1);
        assertThat(answer.at("/00081198/Value/0/00081197/Value/0").asInt()).isEqualTo(0xC000);
        awaitEnded(study.studyUid());

        // the study is complete and analysed: it is not taken again (409, every instance failed)
        HttpResponse<String> again = stow(parts.subList(0, 1), stowToken());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(ItHooks.JSON
                        .readTree(again.body())
                        .at("/00081198/Value/0/00081197/Value/0")
                        .asInt())
                .isEqualTo(0x0110);
        assertThat(jobs(study.studyUid(), "received:dicom")).containsExactly("DONE/1");
    }

    /**
     * A server stopped before the stable age leaves the instances in the spool and the study RECEIVING in the
     * database; that is all the next server has, and from it the analysis runs once, even with checks racing.
     */
    @Test
    void aStudySpooledBeforeARestartIsAnalysedOnce() throws Exception {
        Path scratch = Files.createTempDirectory(environment().dir, "restart");
        PhantomUpload.Stored study = hooks().writePositivePhantom(1304, scratch);
        Path spooled =
                environment().dir.resolve("spool").resolve(study.studyUid()).resolve(study.seriesUid());
        Files.createDirectories(spooled);
        try (Stream<Path> files = Files.list(PhantomUpload.folder(scratch, study.studyUid()))) {
            for (Path file : files.toList()) {
                Files.copy(file, spooled.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        InstanceHeader header;
        try (Stream<Path> files = Files.list(spooled)) {
            header = InstanceHeader.read(files.findFirst().orElseThrow(), 64L << 20);
        }
        Timestamp before = Timestamp.from(Instant.now().minusSeconds(30));
        jdbc.sql("INSERT INTO app.intake_study (study_uid, patient_id, patient_issuer, status, instances, bytes,"
                        + " first_received_at, last_received_at) VALUES (?, ?, NULL, 'RECEIVING', ?, 0, ?, ?)")
                .params(
                        study.studyUid(),
                        header.patientId(),
                        study.sopInstanceUids().size(),
                        before,
                        before)
                .update();

        Thread racing = new Thread(stableStudies::check);
        racing.start();
        stableStudies.check();
        racing.join();
        awaitEnded(study.studyUid());

        assertThat(jobs(study.studyUid(), "received:dicom")).containsExactly("DONE/1");
        assertThat(analyses(study.studyUid())).isEqualTo(1);
        assertThat(spooled.getParent()).doesNotExist();
    }

    private static String output(Process process) throws Exception {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> stow(List<byte[]> instances, String token) throws Exception {
        String boundary = UUID.randomUUID().toString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] instance : instances) {
            body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(instance);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/dicom-web/studies"))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String stowToken() {
        return environment().token(ItEnvironment.STOW_CLIENT, ItEnvironment.STOW_SCOPES);
    }

    private List<String> jobs(String studyUid, String patientRef) {
        return jdbc.sql("SELECT status, attempts FROM app.analysis_job WHERE study_uid = ? AND patient_ref = ?")
                .params(studyUid, patientRef)
                .query((rs, n) -> rs.getString(1) + "/" + rs.getInt(2))
                .list();
    }

    private void awaitEnded(String studyUid) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String status = jdbc.sql("SELECT status FROM app.intake_study WHERE study_uid = ?")
                    .param(studyUid)
                    .query(String.class)
                    .optional()
                    .orElse("");
            if (status.equals("ENDED")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the received study's analysis did not end within 90 s");
    }

    private void awaitAudit(String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            int found = jdbc.sql("SELECT COUNT(*) FROM app.audit_event WHERE kind = 'STUDY_RECEIVED'"
                            + " AND outcome = 4 AND outcome_text LIKE ?")
                    .param("%" + text + "%")
                    .query(Integer.class)
                    .single();
            if (found > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no audit entry says: " + text);
    }

    private int analyses(String studyUid) {
        return jdbc.sql("SELECT COUNT(*) FROM app.analysis_job WHERE study_uid = ?")
                .param(studyUid)
                .query(Integer.class)
                .single();
    }
}
