package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code study-complete} on a study the PACS holds compressed: JPEG 2000 lossless, which Orthanc cannot transcode, is
 * fetched as stored and analysed; JPEG 2000 that may be lossy is refused with a card naming the transfer syntax and
 * what to configure, and the analysis is not retried.
 */
class CompressedStudyHookIT extends ServerITBase {

    private static final Path GDCMCONV = Path.of("/usr/bin/gdcmconv");

    @Autowired
    JdbcClient jdbc;

    ItHooks hooks() {
        return new ItHooks(baseUrl(), fhirClient());
    }

    @Test
    void aStudyHeldAsJpeg2000LosslessIsAnalysed() throws Exception {
        ItHooks.Registered study = storedAs(hooks().registerPositivePhantom(1313), "--j2k");

        JsonNode card = hooks().cardsWhenDone(study).get(0);

        // analysed: the model's verdict (critical or info), not a failure card
        assertThat(card.get("indicator").asText()).as(card.toString()).isIn("critical", "info");
        assertThat(card.get("source").get("label").asText()).as(card.toString()).contains("ich-phantom");
    }

    @Test
    void aStudyInATransferSyntaxNotReadGetsACardThatNamesItAndWhatToConfigure() throws Exception {
        ItHooks.Registered study = storedAs(hooks().registerPositivePhantom(1314), "--j2k", "--lossy", "-q", "30");

        JsonNode card = hooks().cardsWhenDone(study).get(0);

        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).contains("transfer syntax this server does not read");
        assertThat(card.get("detail").asText())
                .contains("1.2.840.10008.1.2.4.91")
                .contains("have the PACS send Explicit VR Little Endian")
                .doesNotContain(study.stored().seriesUid());
        assertThat(jdbc.sql("SELECT error_kind FROM app.analysis_job WHERE patient_ref = ?")
                        .param("Patient/" + study.patientId())
                        .query(String.class)
                        .single())
                .isEqualTo("UNSUPPORTED_COMPRESSION");
    }

    /** Replaces the study's instances in the PACS by copies GDCM made with these options. */
    private ItHooks.Registered storedAs(ItHooks.Registered study, String... options) throws Exception {
        assumeTrue(Files.isExecutable(GDCMCONV), "gdcmconv missing: install the Debian package libgdcm-tools");
        DicomWebClient pacs = new DicomWebClient(environment().pacs.endpoint(), DicomWebSettings.defaults());
        List<byte[]> originals =
                pacs.retrieveSeries(study.stored().studyUid(), study.stored().seriesUid());
        Path dir = Files.createTempDirectory(environment().dir, "gdcm");
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            Path in = dir.resolve(i + ".dcm");
            Path out = dir.resolve(i + "-encoded.dcm");
            Files.write(in, originals.get(i));
            List<String> command = new ArrayList<>(List.of(GDCMCONV.toString()));
            command.addAll(List.of(options));
            command.addAll(List.of(in.toString(), out.toString()));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            encoded.add(Files.readAllBytes(out));
        }
        assertThat(environment().pacs.deleteStudy(study.stored().studyUid())).isTrue();
        assertThat(pacs.store(encoded)).hasSize(originals.size());
        return study;
    }
}
