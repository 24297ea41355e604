package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.TestSeries;
import org.ichcds.pacs.PacsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs analyze on the volume alone; {@link #printsTheModelsFindings} runs it with a model. */
    private int run(String... args) {
        String[] volumeOnly = java.util.Arrays.copyOf(args, args.length + 1);
        volumeOnly[args.length] = "--no-model";
        return runWithModel(volumeOnly);
    }

    private int runWithModel(String... args) {
        return new CommandLine(new AnalyzeCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
    }

    @Test
    void printsTheSummaryOfAFolder(@TempDir Path dir) throws Exception {
        TestSeries series = TestSeries.ct();
        series.writeTo(dir);
        assertThat(run(dir.toString())).isZero();
        assertThat(out.toString()).contains("series:    " + series.seriesUid, "slices:    5", "matrix:    16 x 16");
    }

    @Test
    void printsJson(@TempDir Path dir) throws Exception {
        TestSeries.ct().writeTo(dir);
        assertThat(run(dir.toString(), "--json")).isZero();
        assertThat(out.toString()).startsWith("{").contains("\"slices\" : 5");
    }

    @Test
    void endsUnusableInputWithOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cut.dcm");
        byte[] whole = TestSeries.ct().toBytes().get(0);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 100));
        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("error: " + file + ": pixel data missing or cut short" + System.lineSeparator());
    }

    @Test
    void rejectsAUrlThatIsNotAStudy() {
        assertThat(run("http://127.0.0.1:18042/dicom-web/series/1.2")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: not a DICOMweb study URL").doesNotContain("\tat ");
    }

    @Test
    void usesTheConfiguredCredentialsOnlyForTheConfiguredPacs() {
        PacsProperties pacs = new PacsProperties("127.0.0.1", 18042, Path.of("x"), "ichcds", "secret");
        AnalyzeCommand command = new AnalyzeCommand();
        assertThat(command.credentials(URI.create("http://127.0.0.1:18042/dicom-web"), pacs))
                .isEqualTo(Credentials.basic("ichcds", "secret"));
        assertThat(command.credentials(URI.create("http://pacs.example:18042/dicom-web"), pacs))
                .isEqualTo(Credentials.none());
        command.token = "tok";
        assertThat(command.credentials(URI.create("http://127.0.0.1:18042/dicom-web"), pacs))
                .isEqualTo(Credentials.bearer("tok"));
    }

    @Test
    void printsTheModelsFindings(@TempDir Path dir) throws Exception {
        TestSeries.ct().writeTo(dir.resolve("series"));
        Path model = tinyModel(dir);
        assertThat(runWithModel(dir.resolve("series").toString(), "--model", model.toString()))
                .isZero();
        assertThat(out.toString())
                .contains("model:     cli-tiny 0.0.1")
                .contains("subdural")
                .contains("key slices");
        out.getBuffer().setLength(0);
        assertThat(runWithModel(dir.resolve("series").toString(), "--model", model.toString(), "--json"))
                .isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.get("findings")).hasSize(7);
        assertThat(json.get("findings").get(0).get("label").asText()).isEqualTo("any");
        assertThat(json.get("slices").asInt()).isEqualTo(5);
    }

    /**
     * The RSNA 2019 files carry the data set's own identifiers ({@code ID_} strings) as Study, Series and SOP Instance
     * UIDs: they are analysed as they are, and what is printed as a UID is a valid one.
     */
    @Test
    void analysesRsnaStyleIdentifiersAsTheyAre(@TempDir Path dir) throws Exception {
        TestSeries series = TestSeries.ct();
        series.studyUid = "ID_5c8b5d701f";
        series.seriesUid = "ID_f9d27c8a91";
        for (int i = 0; i < series.slices; i++) {
            series.sopUids().add("ID_" + Integer.toHexString(0x1b5ac170 + i) + "c");
        }
        series.writeTo(dir.resolve("series"));
        Path model = tinyModel(dir);
        assertThat(runWithModel(dir.resolve("series").toString(), "--model", model.toString(), "--json"))
                .as(err.toString())
                .isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.get("findings")).hasSize(7);
        assertThat(json.toString()).contains("ID_f9d27c8a91");
    }

    private static Path tinyModel(Path dir) throws Exception {
        Path model = dir.resolve("model");
        java.util.Map<String, Double> thresholds = new java.util.TreeMap<>();
        org.ichcds.inference.HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.5));
        try (var trainer = new org.ichcds.training.Trainer(
                org.ichcds.training.ModelConfig.small(64, 4), org.ichcds.training.TrainerOptions.defaults())) {
            trainer.export(
                    model,
                    new org.ichcds.inference.ModelManifest(
                            "cli-tiny",
                            "0.0.1",
                            "small",
                            org.ichcds.inference.HemorrhageLabel.codes(),
                            new org.ichcds.inference.ModelManifest.InputSize(64, 64),
                            org.ichcds.inference.ModelManifest.standardWindows(),
                            thresholds,
                            java.util.Map.of(),
                            "none",
                            java.util.Map.of(),
                            null));
        }
        return model;
    }
}
