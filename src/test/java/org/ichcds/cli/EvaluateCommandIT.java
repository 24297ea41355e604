package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.ichcds.TestFiles;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.Trainer;
import org.ichcds.training.TrainerOptions;
import org.ichcds.training.evaluation.PredictionsCsv;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end: three phantom studies, an untrained 64² model exported by the Trainer, {@code ichcds evaluate --split
 * all}, and the three files it writes.
 */
class EvaluateCommandIT {

    static final int SIZE = 64;

    @TempDir
    static Path dir;

    @BeforeAll
    static void dataAndModel() throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(5, 256, 0.67, PhantomSettings.Identifiers.RSNA), 2)
                .write(dir.resolve("data"), 3, slices -> {});
        Map<String, Double> thresholds = new TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.5));
        ModelManifest manifest = new ModelManifest(
                "eval-tiny",
                "0.0.1",
                "resnet-v2 small, width 4, untrained",
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(SIZE, SIZE),
                ModelManifest.standardWindows(),
                thresholds,
                Map.of(),
                "none",
                Map.of(),
                null);
        try (Trainer trainer = new Trainer(ModelConfig.small(SIZE, 4), TrainerOptions.defaults())) {
            trainer.export(dir.resolve("model"), manifest);
        }
    }

    @Test
    void evaluatesEveryStudyAndWritesTheReportMetricsAndRocCurves() throws Exception {
        // -Devaluate.out=DIR keeps the files for a look
        Path out = Path.of(System.getProperty("evaluate.out", dir.resolve("out").toString()));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = new CommandLine(new EvaluateCommand())
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(stderr, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(
                        "--model",
                        dir.resolve("model").toString(),
                        "--data",
                        dir.resolve("data").toString(),
                        "--split",
                        "all",
                        "--out",
                        out.toString(),
                        "--batch",
                        "8",
                        "--min-box-score",
                        "0.01");
        System.out.println(stdout);
        assertThat(exit).as(stderr.toString()).isZero();
        assertThat(stdout.toString())
                .contains("study AUC")
                .contains("3 studies")
                .contains("study-level figures come from the slice probabilities");

        JsonNode json = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(json.at("/study/n").asInt()).isEqualTo(3);
        int slices = json.at("/slice/n").asInt();
        assertThat(slices).isGreaterThan(3 * 10);
        assertThat(json.at("/model/id").asText()).isEqualTo("eval-tiny");
        assertThat(json.at("/slice/weighted_log_loss").asDouble()).isPositive();
        // 'any' has positive and negative slices in three phantom studies with 67% positives
        assertThat(json.at("/slice/auc/any").isNumber()).isTrue();
        List<JsonNode> numbers = new ArrayList<>();
        collectNumbers(json, numbers);
        assertThat(numbers)
                .isNotEmpty()
                .allSatisfy(n -> assertThat(Double.isFinite(n.asDouble())).isTrue());
        for (String group : List.of("/study/auc", "/slice/auc", "/boxes/map50", "/study/sensitivity")) {
            json.at(group)
                    .forEach(v -> assertThat(v.isNull() || (v.asDouble() >= 0 && v.asDouble() <= 1))
                            .as(group + " " + v)
                            .isTrue());
        }
        assertThat(json.at("/boxes/truth_boxes").findValues("epidural")).isNotEmpty();
        int truthBoxes = 0;
        for (JsonNode n : json.at("/boxes/truth_boxes")) {
            truthBoxes += n.asInt();
        }
        assertThat(truthBoxes).isPositive();
        int detections = 0;
        for (JsonNode n : json.at("/boxes/detections")) {
            detections += n.asInt();
        }
        // detections.csv: a header, then the boxes the mAP scored, one per line
        List<String> boxLines = Files.readAllLines(out.resolve("detections.csv"));
        assertThat(boxLines.get(0)).isEqualTo("SOPInstanceUID,subtype,score,x,y,width,height");
        assertThat(boxLines).hasSize(detections + 1);
        // the boxes a server shows, from the default 0.25 (the model names no minBoxScore): those of detections.csv
        // scoring that or more (its scores are rounded to 5 decimals), against every truth box; and the best cut
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                        "boxes shown from detector score 0.25 \\(the default\\): ([0-9]+) boxes, [0-9.]+ % on a truth box"
                                + " \\(IoU 0.5\\), [0-9.]+ % of " + truthBoxes + " truth boxes found, F1 [0-9.]+;"
                                + " (highest F1 from score 0\\.[0-9]{2}: |no box from score 0.05 lies on a truth box)")
                .matcher(stdout.toString());
        assertThat(line.find()).as(stdout.toString()).isTrue();
        int shown = Integer.parseInt(line.group(1));
        long surely = boxLines.stream()
                .skip(1)
                .filter(l -> Double.parseDouble(l.split(",")[2]) >= 0.25 + 5e-6)
                .count();
        long perhaps = boxLines.stream()
                .skip(1)
                .filter(l -> Double.parseDouble(l.split(",")[2]) >= 0.25 - 5e-6)
                .count();
        assertThat((long) shown).isBetween(surely, perhaps);
        JsonNode shownJson = new ObjectMapper()
                .readTree(out.resolve("metrics.json").toFile())
                .path("shown_boxes");
        assertThat(shownJson.path("min_score").asDouble()).isEqualTo(0.25);
        assertThat(shownJson.path("source").asText()).isEqualTo("the default");
        assertThat(shownJson.path("boxes").asInt()).isEqualTo(shown);
        assertThat(shownJson.path("truth_boxes").asInt()).isEqualTo(truthBoxes);
        assertThat(shownJson.path("highest_f1").isObject()).isTrue();

        String report = Files.readString(out.resolve("report.md"));
        assertThat(report)
                .contains("# Evaluation of eval-tiny 0.0.1")
                .contains(
                        "| label | studies | positives | AUC | AUC 95 % interval | threshold | sensitivity | specificity |")
                .contains("| subtype | truth boxes | predicted boxes | AP@0.5 |")
                .contains("study-level figures come from the slice probabilities")
                .contains("boxes shown from detector score 0.25 (the default): " + shown + " boxes")
                .contains("--split all");
        assertThat(ImageIO.read(out.resolve("roc.png").toFile()).getWidth()).isPositive();

        // predictions.csv: one row per study, and compare reads it (an evaluation against itself does not differ)
        assertThat(PredictionsCsv.read(out.resolve(PredictionsCsv.FILE_NAME)).studies())
                .hasSize(3);
        StringWriter compared = new StringWriter();
        int compareExit = new CommandLine(new CompareCommand())
                .setOut(new PrintWriter(compared))
                .setErr(new PrintWriter(stderr, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(out.toString(), out.resolve(PredictionsCsv.FILE_NAME).toString());
        assertThat(compareExit).as(stderr.toString()).isZero();
        assertThat(compared.toString())
                .contains("on the same 3 studies")
                .containsPattern(
                        "\\| any \\| 2 \\| \\d\\.\\d{3} \\| \\d\\.\\d{3} \\| \\+0\\.000 \\| \\+0\\.000 to \\+0\\.000 \\| 1\\.000 \\|");

        // calibration: an ECE per label, before and after (the same here: the model has no calibration)
        assertThat(json.at("/calibration/bins").asInt()).isEqualTo(15);
        assertThat(json.at("/calibration/ece/any").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.at("/calibration/ece/any").asDouble())
                .isEqualTo(json.at("/calibration/ece_uncalibrated/any").asDouble());
        assertThat(ImageIO.read(out.resolve("reliability.png").toFile()).getWidth())
                .isPositive();
        assertThat(report)
                .contains("## Calibration")
                .contains("![Reliability diagrams")
                .contains("## Subgroups");
        // subgroups from the DICOM headers: every phantom here is 256², each study in exactly one kernel subgroup
        List<JsonNode> subgroups = new ArrayList<>();
        json.at("/subgroups").forEach(subgroups::add);
        assertThat(subgroups)
                .filteredOn(g -> g.get("attribute").asText().equals("matrix"))
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.get("value").asText()).isEqualTo("256×256");
                    assertThat(g.get("studies").asInt()).isEqualTo(3);
                });
        int inKernelGroups = subgroups.stream()
                .filter(g -> g.get("attribute").asText().equals("kernel"))
                .mapToInt(g -> g.get("studies").asInt())
                .sum();
        assertThat(inKernelGroups).isEqualTo(3);
        // and from the data set's studies.csv: the phantoms' style
        assertThat(subgroups)
                .extracting(g -> g.get("attribute").asText())
                .contains("slice thickness", "lesion size", "style");
    }

    @Test
    void calibrateRewritesTheSealedManifestAndEvaluateThenServesCalibratedProbabilities() throws Exception {
        Path model = dir.resolve("model-calibrated");
        TestFiles.copyTree(dir.resolve("model"), model);
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = new CommandLine(new CalibrateCommand())
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(stderr, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(
                        "--model",
                        model.toString(),
                        "--data",
                        dir.resolve("data").toString(),
                        "--split",
                        "all");
        assertThat(exit).as(stderr.toString()).isZero();
        assertThat(stdout.toString())
                .contains("calibrated")
                .contains("threshold")
                .contains("ECE on these studies");

        ModelManifest manifest = new ModelDirectory(model).verifiedManifest();
        assertThat(manifest.calibration().method()).isEqualTo("platt");
        assertThat(manifest.metrics())
                .containsKeys("calibration.studies", "calibration.any.temperature", "calibration.any.offset");
        assertThat(manifest.metrics().get("calibration.studies")).isEqualTo(3.0);
        assertThat(manifest.trainingData()).contains("recalibrated").contains("--split all");

        // evaluate on the calibrated model records its figures in the manifest, which still verifies
        StringWriter evaluated = new StringWriter();
        int evaluateExit = new CommandLine(new EvaluateCommand())
                .setOut(new PrintWriter(evaluated, true))
                .setErr(new PrintWriter(stderr, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(
                        "--model",
                        model.toString(),
                        "--data",
                        dir.resolve("data").toString(),
                        "--split",
                        "all",
                        "--out",
                        dir.resolve("out-calibrated").toString(),
                        "--record-in-manifest");
        assertThat(evaluateExit).as(stderr.toString()).isZero();
        ModelManifest recorded = new ModelDirectory(model).verifiedManifest();
        JsonNode json = new ObjectMapper()
                .readTree(dir.resolve("out-calibrated").resolve("metrics.json").toFile());
        assertThat(recorded.metrics().get("evaluation.studies")).isEqualTo(3.0);
        assertThat(recorded.metrics().get("evaluation.any.ece"))
                .isEqualTo(json.at("/calibration/ece/any").asDouble());
        assertThat(recorded.calibration()).isEqualTo(manifest.calibration());

        // a method it cannot fit is refused before any study is run, and the manifest stays as it was
        StringWriter refused = new StringWriter();
        int refusedExit = new CommandLine(new CalibrateCommand())
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(refused, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(
                        "--model",
                        model.toString(),
                        "--data",
                        dir.resolve("data").toString(),
                        "--split",
                        "all",
                        "--method",
                        "isotonic");
        assertThat(refusedExit).isNotZero();
        assertThat(refused.toString()).contains("'isotonic' cannot be fitted; expected platt or temperature");
        assertThat(new ModelDirectory(model).verifiedManifest()).isEqualTo(recorded);
    }

    @Test
    void anEmptySplitIsAOneLineUsageError() {
        StringWriter stderr = new StringWriter();
        int exit = new CommandLine(new EvaluateCommand())
                .setErr(new PrintWriter(stderr, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(
                        "--model", dir.resolve("model").toString(),
                        "--data", dir.resolve("data").toString(),
                        "--split", emptySplit());
        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString())
                .startsWith("error: split '")
                .contains("holds no study")
                .hasLineCount(1);
    }

    /** A split the three studies do not use, if there is one; otherwise the test checks a valid split. */
    private static String emptySplit() {
        try {
            String studies = Files.readString(dir.resolve("data/studies.csv"));
            for (String split : List.of("test", "val", "train")) {
                if (!studies.contains("," + split + ",")) {
                    return split;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("three phantom studies cover all three splits; pick another seed");
    }

    private static void collectNumbers(JsonNode node, List<JsonNode> out) {
        if (node.isNumber()) {
            out.add(node);
        }
        node.forEach(child -> collectNumbers(child, out));
    }
}
