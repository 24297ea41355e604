package org.ichcds.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import me.tongfei.progressbar.ProgressBar;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.inference.TestTimeAugmentation;
import org.ichcds.training.calibration.BoxScaleMode;
import org.ichcds.training.calibration.HeadLabels;
import org.ichcds.training.calibration.ManifestSetting;
import org.ichcds.training.calibration.Recalibration;
import org.ichcds.training.calibration.SubtypeStudies;
import org.ichcds.training.calibration.ThresholdPlacement;
import org.ichcds.training.calibration.ThresholdRule;
import org.ichcds.training.dataset.DatasetIndex;
import org.ichcds.training.dataset.DatasetStudy;
import org.ichcds.training.dataset.Split;
import org.ichcds.training.evaluation.BoxScaleFit;
import org.ichcds.training.evaluation.BoxStudyExponentFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds calibrate --model DIR --data DIR}: refit an existing model's calibration and operating thresholds on
 * studies it was not trained on, and rewrite its sealed manifest.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description = "Recalibrate a model without retraining: run studies through the serving path, fit a temperature"
                + " and an offset (Platt scaling; --method temperature for a temperature alone) per label on the study"
                + " probabilities (minimum NLL), choose thresholds on the calibrated"
                + " probabilities (any: sensitivity >= 0.95 with specificity >= 0.95 when reachable; subtypes:"
                + " sensitivity >= 0.90 with a specificity floor of 0.80, the shortfall reported; where several"
                + " thresholds meet both, the one with the widest margin), and rewrite the"
                + " model's manifest.json (calibration, thresholds, metrics), sealed again. Use the validation split of"
                + " the model's training data, or a fresh data set with --split all.")
final class CalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model directory (SavedModel + manifest.json)")
    Path model;

    @Option(names = "--data", required = true, description = "data set folder (labels.csv, boxes.csv, dicom/)")
    Path data;

    @Option(
            names = "--split",
            defaultValue = "val",
            description = "val (the 70/20/10 split by study), train, test or all (default: ${DEFAULT-VALUE})")
    String split;

    @Option(
            names = "--method",
            defaultValue = "platt",
            description = "platt (a temperature and an offset per label) or temperature (default: ${DEFAULT-VALUE})")
    String method;

    @Option(
            names = "--subtype-studies",
            defaultValue = "all",
            description = "studies a subtype's threshold is chosen on (sensitivity 0.90, specificity floor 0.80):"
                    + " all, or hemorrhage (the studies holding a bleed, where a card names subtypes)"
                    + " (default: ${DEFAULT-VALUE})")
    String subtypeStudies;

    @Option(
            names = "--threshold-placement",
            defaultValue = "margin",
            description = "where a threshold sits when several meet both its sensitivity target and its specificity"
                    + " floor on these studies: margin (the one whose smaller margin over the two, in binomial standard"
                    + " errors, is largest: the most likely to meet both on new studies) or edge (the highest, its"
                    + " sensitivity at the target) (default: ${DEFAULT-VALUE})")
    String thresholdPlacement;

    @Option(
            names = "--head-labels",
            defaultValue = "keep",
            description = "a model with a sequence head: the labels the head serves (its refined slices and study"
                    + " output; the others keep the slice network's slices and their maximum): keep (the manifest's),"
                    + " auto (per label the head, unless the slice network's maximum has the higher study AUC on these studies with a paired DeLong p below 0.05), all, or a"
                    + " comma-separated list of labels; calibration and thresholds are fitted on the chosen outputs"
                    + " (default: ${DEFAULT-VALUE})")
    String headLabels;

    @Option(
            names = "--box-scales",
            defaultValue = "fit",
            description = "the per-subtype correction of the detector's box width and height (manifest boxScales):"
                    + " fit (on these studies' boxes, kept where it raises AP@0.5 by at least 0.01 on a subtype with"
                    + " 50 truth boxes or more, on these studies and cross-validated over 5 folds of them), keep, or"
                    + " none (default: ${DEFAULT-VALUE})")
    String boxScales;

    @Option(
            names = "--test-time-augmentation",
            defaultValue = "keep",
            description = "how the slice network runs on each slice (manifest testTimeAugmentation): keep (the"
                    + " manifest's), none, or flip (each slice and its mirror, merged); the calibration, thresholds"
                    + " and box corrections are fitted on outputs served this way (default: ${DEFAULT-VALUE})")
    String augmentation;

    @Option(
            names = "--flip-share",
            defaultValue = "keep",
            description = "with flip, which slices of a series also run mirrored (manifest flipShare): keep (the"
                    + " manifest's), every, or a share in (0, 1]: that share of the slices, those the slice network"
                    + " gives the highest any probability; the others run once (default: ${DEFAULT-VALUE})")
    String flipShare;

    @Option(
            names = "--box-study-exponent",
            defaultValue = "keep",
            description = "weigh each box's detector score by its subtype's calibrated study probability to this"
                    + " power (manifest boxStudyExponent): keep (the manifest's), none, fit (the one of 0.25, 0.5 and 1"
                    + " that gives these studies' boxes the highest mean AP@0.5, kept when it raises it by at least"
                    + " 0.01), or an exponent in (0, 2]; the box corrections are fitted on boxes scored so"
                    + " (default: ${DEFAULT-VALUE})")
    String boxStudyExponent;

    @Option(
            names = "--min-box-score",
            defaultValue = "keep",
            description = "the detector score from which the model's boxes are shown (manifest minBoxScore; a server"
                    + " with ichcds.inference.min-box-score set uses its own): keep (the manifest's), none (the"
                    + " default, 0.25), fit (of 0.05 to 0.95 in steps of 0.01, the one whose boxes on these studies,"
                    + " corrected as written, have the highest F1 against the truth boxes at IoU 0.5), or a score in"
                    + " (0, 1) (default: ${DEFAULT-VALUE})")
    String minBoxScore;

    @Option(names = "--batch", defaultValue = "16", description = "slices per TensorFlow call (default: 16)")
    int batch;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads, 0 = one per core")
    int threads;

    @Option(
            names = "--top-k",
            defaultValue = "1",
            description = "slices averaged for a study probability; must match the server's"
                    + " ichcds.inference.top-k (default: 1)")
    int topK;

    private static String ap(OptionalDouble ap) {
        return ap.isPresent() ? String.format(Locale.ROOT, "%.3f", ap.getAsDouble()) : "n/a";
    }

    /**
     * The served manifest: the augmentation asked for ({@code null}: the manifest's), then {@code --flip-share}.
     *
     * @throws OneLineErrors.UsageException when {@code --flip-share} is neither keep, every nor a share
     */
    private UnaryOperator<ModelManifest> serving(TestTimeAugmentation served) {
        UnaryOperator<ModelManifest> augmented = m -> served == null ? m : m.withAugmentation(served);
        if ("keep".equals(flipShare)) {
            return augmented;
        }
        Double share;
        try {
            share = "every".equals(flipShare) ? null : Double.valueOf(flipShare);
        } catch (NumberFormatException e) {
            share = Double.NaN;
        }
        if (share != null && !(share > 0 && share <= 1)) {
            throw new OneLineErrors.UsageException(
                    "flip share '" + flipShare + "' is not keep, every or a share in (0, 1]");
        }
        Double chosen = share;
        return m -> {
            ModelManifest flipped = augmented.apply(m);
            if (flipped.augmentation() != TestTimeAugmentation.FLIP) {
                throw new IllegalArgumentException("--flip-share " + flipShare + " needs test-time augmentation"
                        + " flip; add --test-time-augmentation flip");
            }
            return flipped.withFlipShare(chosen);
        };
    }

    @Override
    public Integer call() throws Exception {
        AnalyzeCommand.quietPixelMed();
        if (!Files.isDirectory(model)) {
            throw new OneLineErrors.UsageException("model directory " + model + " does not exist");
        }
        ThresholdRule among;
        try {
            among = new ThresholdRule(
                    SubtypeStudies.fromCode(subtypeStudies), ThresholdPlacement.fromCode(thresholdPlacement));
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        HeadLabels chooser;
        try {
            chooser = HeadLabels.parse(headLabels);
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        BoxScaleMode boxMode;
        try {
            boxMode = BoxScaleMode.fromCode(boxScales);
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        TestTimeAugmentation served;
        try {
            served = "keep".equals(augmentation) ? null : TestTimeAugmentation.of(augmentation);
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException("test-time augmentation '" + augmentation + "' is not one of keep, "
                    + TestTimeAugmentation.words());
        }
        ManifestSetting weighting;
        ManifestSetting boxScore;
        try {
            weighting = ManifestSetting.boxStudyExponent(boxStudyExponent);
            boxScore = ManifestSetting.minBoxScore(minBoxScore);
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        // the boxes are weighed after the calibration is fitted, with it: the runner gives the detector's scores
        UnaryOperator<ModelManifest> augmented = serving(served);
        UnaryOperator<ModelManifest> serving = m -> augmented.apply(m).withBoxStudyExponent(null);
        List<DatasetStudy> studies = studies();
        RunnerOptions defaults = RunnerOptions.defaults();
        Recalibration.Result result;
        try {
            // fitting the boxes needs the low-scoring ones too, as evaluate keeps them; the probabilities do not change
            boolean fitsBoxes = boxMode == BoxScaleMode.FIT
                    || weighting.mode() == ManifestSetting.Mode.FIT
                    || boxScore.mode() == ManifestSetting.Mode.FIT;
            Float kept = fitsBoxes ? Float.valueOf(BoxScaleFit.MIN_BOX_SCORE) : defaults.minBoxScore();
            RunnerOptions options = new RunnerOptions(batch, false, threads, kept, defaults.nmsIou());
            StudyAggregator.Options aggregation = new StudyAggregator.Options(
                    topK, 3, StudyAggregator.Options.defaults().maxBoxes(), defaults.nmsIou());
            try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, options, serving);
                    ProgressBar bar = progressBar(studies.size())) {
                result = Recalibration.run(
                        runner,
                        new ModelDirectory(model),
                        aggregation,
                        studies,
                        method,
                        among,
                        chooser,
                        boxMode,
                        weighting,
                        boxScore,
                        description(),
                        o -> bar.step());
            }
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        var out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "calibrated %s on %d studies of %s (split %s, test-time augmentation %s):%n",
                model,
                studies.size(),
                data,
                split,
                result.after().augmentationText());
        result.headLabels().ifPresent(choice -> choice.report().forEach(out::println));
        result.fit().report().forEach(out::println);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            String key = "calibration." + label.code() + ".";
            out.printf(
                    Locale.ROOT,
                    "%-17s ECE on these studies %.3f -> %.3f%n",
                    label.code(),
                    result.after().metrics().getOrDefault(key + "ece.before", Double.NaN),
                    result.after().metrics().getOrDefault(key + "ece.after", Double.NaN));
        }
        result.boxes()
                .values()
                .forEach(box -> out.printf(
                        Locale.ROOT,
                        "%-17s boxes: AP@0.5 %s -> %s%s, width x%.2f height x%.2f%s (%d truth boxes)%n",
                        box.subtype().code(),
                        ap(box.before()),
                        ap(box.after()),
                        box.crossValidated().isPresent() ? " (cross-validated " + ap(box.crossValidated()) + ")" : "",
                        result.after().boxScale(box.subtype()).width(),
                        result.after().boxScale(box.subtype()).height(),
                        box.scale().isIdentity() ? ", unchanged" : "",
                        box.truthBoxes()));
        result.boxStudy().ifPresent(fit -> fit.report().forEach(out::println));
        out.println(
                result.after().boxStudyWeight() == 0
                        ? "box scores: the detector's"
                        : "box scores: the detector's x study probability^"
                                + BoxStudyExponentFit.text(result.after().boxStudyWeight()));
        result.boxScore()
                .ifPresent(shown -> out.println(
                        shown.onTruth() == 0
                                ? "boxes shown: no box of these studies lies on a truth box, so the minimum box score"
                                        + " was not fitted"
                                : String.format(
                                        Locale.ROOT,
                                        "boxes shown from score %.2f (highest F1): %s",
                                        shown.minScore(),
                                        shown.describe())));
        out.println(
                result.after().minBoxScore() == null
                        ? "boxes shown from score " + ModelManifest.DEFAULT_MIN_BOX_SCORE + " (the default)"
                        : "boxes shown from score " + result.after().minBoxScore() + " (minBoxScore)");
        out.println("wrote " + model.resolve("manifest.json"));
        return 0;
    }

    private List<DatasetStudy> studies() throws java.io.IOException {
        try {
            Split part = "all".equalsIgnoreCase(split) ? null : Split.fromCode(split);
            DatasetIndex index = DatasetIndex.read(data);
            List<DatasetStudy> chosen = part == null ? index.studies() : index.studies(part);
            if (chosen.isEmpty()) {
                throw new OneLineErrors.UsageException(
                        "split '" + split + "' of " + data + " holds no study (" + index.summary() + ")");
            }
            return chosen;
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
    }

    private String description() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> own = args.isEmpty() || !args.get(0).equals("calibrate") ? args : args.subList(1, args.size());
        return data + " split " + split + ", thresholds at the " + thresholdPlacement + " placement"
                + Recalibration.COMMAND + String.join(" ", own);
    }

    private static ProgressBar progressBar(int studies) {
        return ProgressBars.onStderr("calibrate", studies, " studies");
    }
}
