package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.ichcds.TestFiles;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.TestTimeAugmentation;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Arguments the calibrate command cannot use end in one line naming the bad value, before any study is read; on the
 * shipped model with a head, {@code --head-labels} chooses the labels the head serves and the calibration follows.
 */
class CalibrateCommandTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--subtype-studies | bleeds | error: subtype studies 'bleeds' is not one of all, hemorrhage",
                "--threshold-placement | middle | error: threshold placement 'middle' is not one of edge, margin",
                "--box-scales | shrink | error: box scales 'shrink' is not one of fit, keep, none",
                "--test-time-augmentation | rotate | error: test-time augmentation 'rotate' is not one of keep, none,"
                        + " flip",
                "--flip-share | often | error: flip share 'often' is not keep, every or a share in (0, 1]",
                "--flip-share | 0 | error: flip share '0' is not keep, every or a share in (0, 1]",
                "--box-study-exponent | often | error: box study exponent 'often' is not keep, none, fit or a number"
                        + " in (0, 2]",
                "--box-study-exponent | 3 | error: box study exponent '3' is not keep, none, fit or a number in (0, 2]",
                "--min-box-score | 1 | error: minimum box score '1' is not keep, none, fit or a number in (0, 1)",
                "--min-box-score | some | error: minimum box score 'some' is not keep, none, fit or a number in (0, 1)"
            })
    void anUnknownOptionValueIsNamed(String option, String value, String message, @TempDir Path dir) {
        Run run = calibrate("--model", dir.toString(), "--data", dir.toString(), option, value);
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).isEqualTo(message + System.lineSeparator());
    }

    @Test
    void anUnknownHeadLabelIsNamed(@TempDir Path dir) {
        Run run = calibrate("--model", dir.toString(), "--data", dir.toString(), "--head-labels", "any,edh");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).startsWith("error: head labels 'any,edh': 'edh' is not a label; give keep, auto, all");
    }

    @Test
    void theHeadServesTheLabelsChosenAndAModelWithoutAHeadIsRefused(@TempDir Path dir) throws Exception {
        Path data = sixPhantoms(dir, 41);
        Path model = shippedV2(dir);
        ModelDirectory directory = new ModelDirectory(model);
        assertThat(directory.verifiedManifest().sequenceHead().labels()).isNull();

        Run listed = calibrate(
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--split",
                "all",
                "--head-labels",
                "subdural,epidural");
        assertThat(listed.exit).as(listed.err).isZero();
        ModelManifest some = directory.verifiedManifest();
        assertThat(some.sequenceHead().labels()).containsExactly("epidural", "subdural");
        assertThat(listed.out)
                .contains("epidural          study AUC head ")
                .containsPattern(
                        "any +study AUC head [0-9.na/]+, slice network's maximum [0-9.na/]+ \\(p [0-9.na/]+\\):"
                                + " served by the slice network");
        assertThat(some.metrics()).containsKey("calibration.any.auc.head").containsKey("calibration.any.auc.slices");
        // six small studies hold too few truth boxes to refit any subtype's boxes: the shipped corrections stay
        BoxScale shipped = new ModelDirectory(Path.of("models/ich-phantom-v2"))
                .verifiedManifest()
                .boxScale(HemorrhageLabel.SUBDURAL);
        assertThat(shipped.isIdentity()).isFalse();
        assertThat(listed.out)
                .containsPattern(String.format(
                        Locale.ROOT,
                        "subdural +boxes: AP@0.5 [0-9.na/]+ -> [0-9.na/]+, width x%.2f height x%.2f, unchanged"
                                + " \\([0-9]+ truth boxes\\)",
                        shipped.width(),
                        shipped.height()));
        assertThat(some.boxScale(HemorrhageLabel.SUBDURAL)).isEqualTo(shipped);

        Run kept = calibrate("--model", model.toString(), "--data", data.toString(), "--split", "all");
        assertThat(kept.exit).as(kept.err).isZero();
        assertThat(directory.verifiedManifest().sequenceHead().labels()).containsExactly("epidural", "subdural");

        Run auto = calibrate(
                "--model", model.toString(), "--data", data.toString(), "--split", "all", "--head-labels", "auto");
        assertThat(auto.exit).as(auto.err).isZero();
        ModelManifest chosen = directory.verifiedManifest();
        Map<String, Double> metrics = chosen.metrics();
        int bySlices = 0;
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            Double head = metrics.get("calibration." + label.code() + ".auc.head");
            Double slices = metrics.get("calibration." + label.code() + ".auc.slices");
            Double p = metrics.get("calibration." + label.code() + ".auc.p");
            boolean slicesBetter = head != null && slices != null && slices > head && p != null && p < 0.05;
            assertThat(chosen.sequenceHead().serves(label)).as(label.code()).isEqualTo(!slicesBetter);
            bySlices += slicesBetter ? 1 : 0;
        }
        assertThat(chosen.sequenceHead().labels() == null).isEqualTo(bySlices == 0);

        Path v1 = dir.resolve("v1");
        TestFiles.copyTree(Path.of("models/ich-phantom-v1"), v1);
        Run refused = calibrate(
                "--model", v1.toString(), "--data", data.toString(), "--split", "all", "--head-labels", "all");
        assertThat(refused.exit).isEqualTo(2);
        assertThat(refused.err).contains("has no sequence head").contains("leave out the head labels");
    }

    @Test
    void flipIsFittedAndWrittenThenKeptUntilNone(@TempDir Path dir) throws Exception {
        Path data = sixPhantoms(dir, 43);
        Path model = plainV2(dir);
        ModelDirectory directory = new ModelDirectory(model);
        ModelManifest plain = directory.verifiedManifest();
        assertThat(plain.augmentation()).isEqualTo(TestTimeAugmentation.NONE);

        String[] common = {"--model", model.toString(), "--data", data.toString(), "--split", "all"};
        Run flip = calibrate(with(common, "--test-time-augmentation", "flip"));
        assertThat(flip.exit).as(flip.err).isZero();
        assertThat(flip.out).contains("(split all, test-time augmentation flip)");
        ModelManifest flipped = directory.verifiedManifest();
        assertThat(flipped.augmentation()).isEqualTo(TestTimeAugmentation.FLIP);
        // the shipped model weighs its boxes by the study (boxStudyExponent 0.5), which calibrate keeps
        assertThat(flipped.trainingData())
                .contains(", test-time augmentation flip, box scores x study probability^0.5) on ");
        // fitted on other outputs: the calibration moved
        assertThat(flipped.calibration()).isNotEqualTo(plain.calibration());

        Run kept = calibrate(common);
        assertThat(kept.exit).as(kept.err).isZero();
        assertThat(directory.verifiedManifest().augmentation()).isEqualTo(TestTimeAugmentation.FLIP);
        assertThat(directory.verifiedManifest().calibration()).isEqualTo(flipped.calibration());

        Run none = calibrate(with(common, "--test-time-augmentation", "none"));
        assertThat(none.exit).as(none.err).isZero();
        assertThat(directory.verifiedManifest().augmentation()).isEqualTo(TestTimeAugmentation.NONE);
        assertThat(directory.verifiedManifest().trainingData())
                .contains("(platt calibration, thresholds, box corrections, box scores x study probability^0.5) on ")
                .contains(" split all, thresholds at the margin placement; command: ichcds calibrate ");
        assertThat(java.nio.file.Files.readString(model.resolve("manifest.json")))
                .doesNotContain("testTimeAugmentation");
    }

    @Test
    void flipShareIsWrittenWithFlipAndRefusedWithoutIt(@TempDir Path dir) throws Exception {
        Path data = sixPhantoms(dir, 47);
        Path model = plainV2(dir);
        ModelDirectory directory = new ModelDirectory(model);
        String[] common = {"--model", model.toString(), "--data", data.toString(), "--split", "all"};

        Run refused = calibrate(with(common, "--flip-share", "0.25"));
        assertThat(refused.exit).isEqualTo(2);
        assertThat(refused.err)
                .isEqualTo("error: --flip-share 0.25 needs test-time augmentation flip; add --test-time-augmentation"
                        + " flip" + System.lineSeparator());
        assertThat(directory.verifiedManifest().augmentation()).isEqualTo(TestTimeAugmentation.NONE);

        Run quarter = calibrate(with(common, "--test-time-augmentation", "flip", "--flip-share", "0.25"));
        assertThat(quarter.exit).as(quarter.err).isZero();
        String text = "flip on the 25 % of each series' slices with the highest any probability";
        assertThat(quarter.out).contains("(split all, test-time augmentation " + text + ")");
        ModelManifest written = directory.verifiedManifest();
        assertThat(written.flipShare()).isEqualTo(0.25);
        assertThat(written.trainingData())
                .contains(", test-time augmentation " + text + ", box scores x study probability^0.5) on ");

        Run every = calibrate(with(common, "--flip-share", "every"));
        assertThat(every.exit).as(every.err).isZero();
        assertThat(directory.verifiedManifest().augmentation()).isEqualTo(TestTimeAugmentation.FLIP);
        assertThat(directory.verifiedManifest().flipShare()).isNull();
    }

    @Test
    void theBoxStudyExponentIsKeptFittedSetOrRemoved(@TempDir Path dir) throws Exception {
        Path data = sixPhantoms(dir, 53);
        Path model = plainV2(dir);
        ModelDirectory directory = new ModelDirectory(model);
        assertThat(directory.verifiedManifest().boxStudyWeight()).isEqualTo(0.5);
        String[] common = {
            "--model", model.toString(), "--data", data.toString(), "--split", "all", "--box-scales", "keep"
        };

        Double shippedScore = directory.verifiedManifest().minBoxScore();
        Run kept = calibrate(common);
        assertThat(kept.exit).as(kept.err).isZero();
        assertThat(kept.out).contains("box scores: the detector's x study probability^0.5");
        assertThat(directory.verifiedManifest().minBoxScore()).isEqualTo(shippedScore);
        assertThat(directory.verifiedManifest().boxStudyWeight()).isEqualTo(0.5);
        assertThat(directory.verifiedManifest().trainingData()).contains(", box scores x study probability^0.5) on ");

        Run none = calibrate(with(common, "--box-study-exponent", "none", "--min-box-score", "none"));
        assertThat(none.exit).as(none.err).isZero();
        assertThat(none.out).contains("box scores: the detector's" + System.lineSeparator());
        assertThat(none.out).contains("boxes shown from score 0.25 (the default)");
        assertThat(directory.verifiedManifest().boxStudyExponent()).isNull();
        assertThat(directory.verifiedManifest().minBoxScore()).isNull();
        assertThat(java.nio.file.Files.readString(model.resolve(ModelManifest.FILE_NAME)))
                .doesNotContain("boxStudyExponent")
                .doesNotContain("minBoxScore");

        Run set = calibrate(with(common, "--box-study-exponent", "1", "--min-box-score", "0.3"));
        assertThat(set.exit).as(set.err).isZero();
        assertThat(directory.verifiedManifest().boxStudyWeight()).isEqualTo(1.0);
        assertThat(directory.verifiedManifest().minBoxScore()).isEqualTo(0.3);
        assertThat(set.out).contains("boxes shown from score 0.3 (minBoxScore)");

        Run fit = calibrate(with(common, "--box-study-exponent", "fit", "--min-box-score", "fit"));
        assertThat(fit.exit).as(fit.err).isZero();
        ModelManifest written = directory.verifiedManifest();
        // the score of the highest F1 of the boxes shown, with what they were on these studies
        double shown = written.minBoxScore();
        assertThat(shown).isBetween(0.05, 0.95);
        double f1 = written.metrics().get("calibration.minBoxScore.f1");
        assertThat(fit.out)
                .containsPattern(String.format(
                        java.util.Locale.ROOT,
                        "boxes shown from score %.2f \\(highest F1\\): [0-9]+ boxes, [0-9.]+ %% on a truth box \\(IoU"
                                + " 0.5\\), [0-9.]+ %% of [0-9]+ truth boxes found, F1 %.3f",
                        shown,
                        f1))
                .contains("boxes shown from score " + shown + " (minBoxScore)");
        assertThat(written.metrics())
                .containsKeys(
                        "calibration.minBoxScore.precision",
                        "calibration.minBoxScore.recall",
                        "calibration.minBoxScore.boxes");
        java.util.Map<Double, Double> means = new java.util.TreeMap<>();
        for (double e : new double[] {0, 0.25, 0.5, 1}) {
            String text = java.math.BigDecimal.valueOf(e).stripTrailingZeros().toPlainString();
            Double mean = written.metrics().get("calibration.boxStudyExponent.map50." + text);
            assertThat(mean).as("mean AP at %s", text).isNotNull().isBetween(0.0, 1.0);
            assertThat(fit.out)
                    .contains(String.format(
                            java.util.Locale.ROOT, "box scores x study probability^%s: mAP@0.5 %.3f", text, mean));
            means.put(e, mean);
        }
        double chosen = written.boxStudyWeight();
        assertThat(chosen).isIn(0.0, 0.25, 0.5, 1.0);
        // the exponent with the highest mean when it beats the detector's scores by 0.01, else none
        double best = java.util.Collections.max(means.values());
        if (best - means.get(0.0) >= 0.01) {
            assertThat(means.get(chosen)).isEqualTo(best);
            assertThat(chosen).isPositive();
        } else {
            assertThat(chosen).isZero();
        }
    }

    /** Six small classic phantom studies, half with a bleed, in {@code dir/data}. */
    private static Path sixPhantoms(Path dir, long seed) throws Exception {
        Path data = dir.resolve("data");
        new PhantomDatasetWriter(new PhantomSettings(seed, 256, 0.5), 2).write(data, 6, studies -> {});
        return data;
    }

    /** A copy of the shipped model in {@code dir/v2}, for calibrate to rewrite. */
    private static Path shippedV2(Path dir) throws Exception {
        Path model = dir.resolve("v2");
        TestFiles.copyTree(Path.of("models/ich-phantom-v2"), model);
        return model;
    }

    /** {@link #shippedV2}, served without test-time augmentation (the shipped model names flip). */
    private static Path plainV2(Path dir) throws Exception {
        Path model = shippedV2(dir);
        ModelDirectory directory = new ModelDirectory(model);
        directory.seal(directory.verifiedManifest().withAugmentation(TestTimeAugmentation.NONE));
        return model;
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private record Run(int exit, String out, String err) {}

    private static Run calibrate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new CalibrateCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
