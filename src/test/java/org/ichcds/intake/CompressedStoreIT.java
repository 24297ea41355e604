package org.ichcds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ichcds.ItEnvironment;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.ichcds.dicom.CompressedCopies;
import org.ichcds.dicom.CompressedCopies.Encoding;
import org.ichcds.training.phantoms.PhantomUpload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Compressed studies over C-STORE: lossless copies of one phantom series made by DCMTK and GDCM, each sent by DCMTK's
 * storescu proposing its compressed transfer syntax, are accepted in it, spooled as received, decoded and analysed to
 * exactly the probabilities of the uncompressed original (the model sees the same voxels). JPEG-LS, which nothing here
 * decodes, is refused in association negotiation: storescu says so and nothing is spooled.
 */
class CompressedStoreIT extends ServerITBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The storescu option that proposes each encoding's transfer syntax (and the uncompressed ones). */
    private static final Map<Encoding, String> PROPOSE = new LinkedHashMap<>();

    static {
        PROPOSE.put(Encoding.JPEG_LOSSLESS_SV1, "-xs");
        PROPOSE.put(Encoding.RLE, "-xr");
        PROPOSE.put(Encoding.JPEG_2000_LOSSLESS, "-xv");
        PROPOSE.put(Encoding.DEFLATED, "-xd");
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void encoders() {
        CompressedCopies.assumeEncoders();
    }

    @Test
    void losslessCopiesAreAcceptedCompressedAndAnalysedToTheOriginalsProbabilities() throws Exception {
        Path scratch = Files.createTempDirectory(environment().dir, "compressed-store");
        PhantomUpload.Stored study = new ItHooks(baseUrl(), fhirClient()).writePositivePhantom(1310, scratch);
        Path original = scratch.resolve("original");
        Files.move(PhantomUpload.folder(scratch, study.studyUid()), original);

        Process sent = storescu(original, "-xe");
        assertThat(sent.exitValue()).as(output(sent)).isZero();
        JsonNode expected = probabilities(awaitResult(study.studyUid()));
        assertThat(expected.size()).isEqualTo(7);

        for (Map.Entry<Encoding, String> encoding : PROPOSE.entrySet()) {
            Path copy = asNewStudy(CompressedCopies.encode(original, encoding.getKey()));
            String studyUid = studyUidOf(copy);

            Process compressed = storescu(copy, encoding.getValue());

            String said = output(compressed);
            assertThat(compressed.exitValue()).as(said).isZero();
            assertThat(said).as("sent as it is stored, not converted").doesNotContain("Converting transfer syntax");
            assertThat(probabilities(awaitResult(studyUid)))
                    .as("%s: the same voxels give the same probabilities", encoding.getKey())
                    .isEqualTo(expected);
        }
    }

    @Test
    void jpegLsIsRefusedInNegotiationAndNothingIsSpooled() throws Exception {
        Path scratch = Files.createTempDirectory(environment().dir, "compressed-refused");
        PhantomUpload.Stored study = new ItHooks(baseUrl(), fhirClient()).writePositivePhantom(1311, scratch);
        Path original = scratch.resolve("original");
        Files.move(PhantomUpload.folder(scratch, study.studyUid()), original);
        Path jpegLs = asNewStudy(CompressedCopies.encode(original, Encoding.JPEG_LS_LOSSLESS));

        // -xt: JPEG-LS in a presentation context of its own, beside the uncompressed ones; -d shows the answer to each
        Process refused = storescu(jpegLs, "-xt", "-d");

        String said = output(refused);
        assertThat(refused.exitValue()).isNotZero();
        // the context offering JPEG-LS is refused in negotiation (PS3.8 result 4), so storescu cannot send it as stored
        assertThat(said).containsIgnoringCase("Transfer Syntaxes not Supported");
        assertThat(said).contains("unable to convert dataset from 'JPEG-LS Lossless'");
        Thread.sleep(1500); // past the stable age: a spooled instance would have made a row by now
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app.intake_study WHERE study_uid = ?")
                        .param(studyUidOf(jpegLs))
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /** Gives every file of the copy the same new Study and Series Instance UIDs and new SOP Instance UIDs. */
    private static Path asNewStudy(Path copy) throws Exception {
        String root = "2.25." + new java.math.BigInteger(1, uuidBytes());
        List<String> command = new ArrayList<>(List.of(
                "dcmodify", "-nb", "-m", "(0020,000d)=" + root + ".1", "-m", "(0020,000e)=" + root + ".2", "-gin"));
        CompressedCopies.list(copy).forEach(file -> command.add(file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output(process)).isZero();
        return copy;
    }

    private static byte[] uuidBytes() {
        UUID uuid = UUID.randomUUID();
        return java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    private static String studyUidOf(Path folder) throws Exception {
        return org.ichcds.dicom.InstanceHeader.read(
                        CompressedCopies.list(folder).get(0), 64L << 20)
                .studyUid();
    }

    private static Process storescu(Path folder, String... options) throws Exception {
        return environment().storescu(ItEnvironment.MODALITY_AE, folder, options);
    }

    private static String output(Process process) throws Exception {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The result of the received study's analysis, once it is DONE. */
    private JsonNode awaitResult(String studyUid) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            List<String> done = jdbc.sql("SELECT result_json FROM app.analysis_job WHERE study_uid = ?"
                            + " AND patient_ref = 'received:dicom' AND status = 'DONE'")
                    .param(studyUid)
                    .query(String.class)
                    .list();
            if (!done.isEmpty()) {
                return JSON.readTree(done.get(0));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the received study " + studyUid + " was not analysed within 90 s");
    }

    /** Label → probability of a result. */
    private static JsonNode probabilities(JsonNode result) {
        var out = JSON.createObjectNode();
        for (JsonNode finding : result.at("/findings/findings")) {
            out.set(finding.get("label").asText(), finding.get("probability"));
        }
        return out;
    }
}
