package org.ichcds.training.calibration;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.Calibration;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.TestTimeAugmentation;
import org.ichcds.training.dataset.DatasetStudy;
import org.ichcds.training.dataset.LabelledBox;
import org.ichcds.training.evaluation.BoxScaleFit;
import org.ichcds.training.evaluation.BoxStudyExponentFit;
import org.ichcds.training.evaluation.Evaluation;
import org.ichcds.training.evaluation.ShownBoxes;
import org.ichcds.training.evaluation.StudyEvaluator;

/**
 * Recalibrates an existing model without retraining: runs studies through the serving path, fits the calibration and
 * thresholds on their uncalibrated study probabilities ({@link ModelCalibration}), and rewrites the model's {@code
 * manifest.json} (calibration, thresholds, the {@code calibration.*} and {@code threshold.*} metrics, and a note in
 * the training data), sealed again. It can also fit the box corrections ({@link BoxScaleFit}) on the studies' boxes.
 * The manifest names the test-time augmentation the runner served the studies with, since the fit holds for it alone.
 */
public final class Recalibration {

    private static final List<String> REPLACED_METRICS = List.of("calibration.", "threshold.");

    /**
     * Starts the note a recalibration appends to the training data. A later recalibration replaces it when it is the
     * last step the training data records, and appends its own after it otherwise, so a step recorded after a
     * recalibration (a head trained again, a network grafted) stays in the model's history.
     */
    public static final String NOTE = "; recalibrated (";

    /** Ends a note written by {@code calibrate}: its command line follows, which holds no {@code "; "}. */
    public static final String COMMAND = "; command: ichcds calibrate ";

    private Recalibration() {}

    /**
     * What a recalibration did.
     *
     * @param before the manifest as it was
     * @param after the manifest as written
     * @param fit the calibration and thresholds
     * @param headLabels for a model with a sequence head, the labels it serves and both sources' AUCs; empty otherwise
     * @param boxes per subtype, the box correction fitted (relative to the boxes as they were); empty unless fitted
     * @param boxScore the boxes shown from the score chosen, when {@code minBoxScore} was fitted; when none of them
     *     lies on a truth box, the manifest's score is left as it was
     */
    public record Result(
            ModelManifest before,
            ModelManifest after,
            ModelCalibration fit,
            java.util.Optional<HeadLabels.Choice> headLabels,
            Map<HemorrhageLabel, BoxScaleFit.Result> boxes,
            java.util.Optional<BoxStudyExponentFit.Result> boxStudy,
            java.util.Optional<ShownBoxes> boxScore) {}

    /**
     * Fits on the studies and rewrites the manifest of {@code directory}, which {@code runner} serves.
     *
     * @param method {@link Calibration#PLATT} or {@link Calibration#TEMPERATURE}
     * @param thresholdRule the studies the subtypes' thresholds are chosen on, and where each threshold sits
     * @param headLabels for a model with a sequence head, which labels it serves; the fit is on those outputs
     * @param boxScales what to do with the box corrections; {@link BoxScaleMode#FIT} needs the runner to keep the
     *     low-scoring boxes ({@link BoxScaleFit#MIN_BOX_SCORE}), as {@code evaluate} does
     * @param boxStudy what to do with the manifest's {@code boxStudyExponent}; the box corrections are fitted on the
     *     boxes scored as the rewritten manifest scores them, with the new calibration. Anything but {@link
     *     ManifestSetting.Mode#KEEP} needs a runner that serves the detector's own box scores (a manifest without
     *     {@code boxStudyExponent}), as {@code calibrate} opens it
     * @param boxScore what to do with the manifest's {@code minBoxScore}; {@link ManifestSetting.Mode#FIT} chooses it on
     *     the boxes as the rewritten manifest shapes them, and needs the runner to keep the low-scoring boxes
     * @param description what the calibration studies were (data set, split, seed, command), kept in the manifest
     * @throws IllegalArgumentException when labels are chosen for a model without a sequence head
     */
    public static Result run(
            ModelRunner runner,
            ModelDirectory directory,
            StudyAggregator.Options aggregation,
            List<DatasetStudy> studies,
            String method,
            ThresholdRule thresholdRule,
            HeadLabels headLabels,
            BoxScaleMode boxScales,
            ManifestSetting boxStudy,
            ManifestSetting boxScore,
            String description,
            Consumer<StudyEvaluator.Outcome> progress)
            throws IOException {
        ModelManifest before = directory.verifiedManifest();
        ModelCalibration.requireFittable(method); // before the studies are run
        if (!before.hasSequenceHead() && headLabels.mode() != HeadLabels.Mode.KEEP) {
            throw new IllegalArgumentException("model " + before.id() + " has no sequence head, so there are no labels"
                    + " for it to serve; leave out the head labels (or train one with train-head)");
        }
        double served = runner.manifest().boxStudyWeight();
        if (served != 0 && boxStudy.mode() != ManifestSetting.Mode.KEEP) {
            throw new IllegalArgumentException("the model was opened with its boxes weighted by the study"
                    + " (boxStudyExponent " + served + "); a box study exponent is chosen on the detector's scores");
        }
        Evaluation evaluation = Evaluation.run(runner, aggregation, studies, progress);
        java.util.Optional<HeadLabels.Choice> choice = java.util.Optional.empty();
        List<float[]> probabilities = evaluation.uncalibratedStudyProbabilities();
        // the calibration holds for the way the runner ran the slice network, which calibrate may have changed
        ModelManifest chosen = before.withAugmentation(runner.manifest().augmentation())
                .withFlipShare(runner.manifest().flipShare());
        if (before.hasSequenceHead()) {
            Evaluation.StudySources sources = evaluation
                    .studySources()
                    .orElseThrow(() -> new IllegalStateException("the model's runner gave no head outputs"));
            HeadLabels.Choice made = headLabels.choose(before.sequenceHead(), sources, evaluation.studyTruths());
            probabilities = made.served(sources);
            chosen = chosen.withSequenceHead(chosen.sequenceHead().withLabels(made.served()));
            choice = java.util.Optional.of(made);
        }
        ModelCalibration fit = ModelCalibration.fit(probabilities, evaluation.studyTruths(), method, thresholdRule);
        Map<String, Double> extra =
                new TreeMap<>(choice.map(HeadLabels.Choice::metrics).orElse(Map.of()));
        List<float[]> calibrated = calibrated(probabilities, fit.calibration());
        java.util.Optional<BoxStudyExponentFit.Result> studyFit = java.util.Optional.empty();
        double exponent = switch (boxStudy.mode()) {
            case KEEP -> before.boxStudyWeight();
            case NONE -> 0;
            case SET -> boxStudy.value();
            case FIT -> {
                BoxStudyExponentFit.Result found = BoxStudyExponentFit.fit(evaluation, calibrated);
                extra.putAll(found.metrics());
                studyFit = java.util.Optional.of(found);
                yield found.exponent();
            }
        };
        chosen = chosen.withBoxStudyExponent(exponent == 0 ? null : exponent);
        // the boxes as the rewritten manifest scores them; a runner that weighed them already gave them so (keep)
        Map<HemorrhageLabel, List<LabelledBox>> scored =
                BoxStudyExponentFit.weighted(evaluation, calibrated, served == 0 ? exponent : 0);
        Map<HemorrhageLabel, BoxScaleFit.Result> boxes = Map.of();
        switch (boxScales) {
            case FIT -> {
                boxes = BoxScaleFit.fit(evaluation, scored);
                Map<HemorrhageLabel, BoxScale> scales = new EnumMap<>(HemorrhageLabel.class);
                boxes.forEach((subtype, result) -> {
                    scales.put(subtype, result.scale().after(before.boxScale(subtype)));
                    extra.putAll(boxMetrics(result, scales.get(subtype)));
                });
                chosen = chosen.withBoxScales(scales);
            }
            case KEEP ->
                before.metrics().forEach((key, value) -> {
                    if (key.startsWith(BOX_METRICS)) {
                        extra.put(key, value);
                    }
                });
            case NONE -> chosen = chosen.withBoxScales(Map.of());
        }
        java.util.Optional<ShownBoxes> shown = java.util.Optional.empty();
        Double minBoxScore = switch (boxScore.mode()) {
            case KEEP -> {
                before.metrics().forEach((key, value) -> {
                    if (key.startsWith(BOX_SCORE_METRICS)) {
                        extra.put(key, value);
                    }
                });
                yield before.minBoxScore();
            }
            case NONE -> null;
            case SET -> boxScore.value();
            case FIT -> {
                // the server cuts on the detector's own score, and shows the boxes with the corrections written
                ShownBoxes best = ShownBoxes.bestF1(
                        evaluation,
                        ShownBoxes.rescaled(
                                ShownBoxes.detectorScored(evaluation, served), corrections(boxScales, boxes, before)));
                shown = java.util.Optional.of(best);
                if (best.onTruth() == 0) {
                    yield before.minBoxScore(); // nothing to choose by
                }
                extra.putAll(boxScoreMetrics(best));
                yield best.minScore();
            }
        };
        chosen = chosen.withMinBoxScore(minBoxScore);
        ModelManifest after = directory.seal(recalibrated(chosen, fit, extra, description));
        return new Result(before, after, fit, choice, boxes, studyFit, shown);
    }

    /**
     * Per subtype, the correction that takes the boxes as the runner gave them (with the manifest's corrections) to the
     * boxes as the rewritten manifest gives them.
     */
    private static Map<HemorrhageLabel, BoxScale> corrections(
            BoxScaleMode mode, Map<HemorrhageLabel, BoxScaleFit.Result> fitted, ModelManifest before) {
        Map<HemorrhageLabel, BoxScale> relative = new EnumMap<>(HemorrhageLabel.class);
        for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
            BoxScale was = before.boxScale(subtype);
            relative.put(
                    subtype,
                    switch (mode) {
                        case KEEP -> BoxScale.IDENTITY;
                        case FIT ->
                            fitted.containsKey(subtype) ? fitted.get(subtype).scale() : BoxScale.IDENTITY;
                        case NONE -> new BoxScale(1 / was.width(), 1 / was.height());
                    });
        }
        return relative;
    }

    /**
     * The metrics of a fitted minimum box score: {@code calibration.minBoxScore.} {@code f1}, {@code precision}, {@code
     * recall} and {@code boxes} (shown) on the calibration studies.
     */
    public static final String BOX_SCORE_METRICS = "calibration.minBoxScore.";

    private static Map<String, Double> boxScoreMetrics(ShownBoxes shown) {
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put(BOX_SCORE_METRICS + "f1", shown.f1());
        metrics.put(BOX_SCORE_METRICS + "precision", shown.precision());
        metrics.put(BOX_SCORE_METRICS + "recall", shown.recall());
        metrics.put(BOX_SCORE_METRICS + "boxes", (double) shown.shown());
        return metrics;
    }

    /** Each study's probabilities through the calibration. */
    private static List<float[]> calibrated(List<float[]> uncalibrated, Calibration calibration) {
        return uncalibrated.stream()
                .map(p -> {
                    float[] out = new float[p.length];
                    for (HemorrhageLabel label : HemorrhageLabel.values()) {
                        out[label.ordinal()] = (float) calibration.apply(label, p[label.ordinal()]);
                    }
                    return out;
                })
                .toList();
    }

    /**
     * Prefix of the box correction metrics: {@code calibration.boxes.<subtype>.} {@code width}, {@code height}, {@code
     * ap50.before}, {@code ap50.after} and, when checked, {@code ap50.cv} (cross-validated).
     */
    public static final String BOX_METRICS = "calibration.boxes.";

    private static Map<String, Double> boxMetrics(BoxScaleFit.Result result, BoxScale scale) {
        String key = BOX_METRICS + result.subtype().code() + ".";
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put(key + "width", scale.width());
        metrics.put(key + "height", scale.height());
        result.before().ifPresent(ap -> metrics.put(key + "ap50.before", ap));
        result.after().ifPresent(ap -> metrics.put(key + "ap50.after", ap));
        result.crossValidated().ifPresent(ap -> metrics.put(key + "ap50.cv", ap));
        return metrics;
    }

    /** The manifest with the fit's calibration, thresholds and metrics; other metrics are kept. */
    static ModelManifest recalibrated(ModelManifest manifest, ModelCalibration fit, String description) {
        return recalibrated(manifest, fit, Map.of(), description);
    }

    private static ModelManifest recalibrated(
            ModelManifest manifest, ModelCalibration fit, Map<String, Double> extra, String description) {
        Map<String, Double> metrics = new TreeMap<>();
        manifest.metrics().forEach((key, value) -> {
            if (REPLACED_METRICS.stream().noneMatch(key::startsWith)) {
                metrics.put(key, value);
            }
        });
        metrics.putAll(fit.metrics());
        metrics.putAll(extra);
        String training = manifest.trainingData();
        String kept = withoutLastNote(training);
        String boxes = manifest.boxScales().isEmpty() ? "" : ", box corrections";
        String served = manifest.augmentation() == TestTimeAugmentation.NONE
                ? ""
                : ", test-time augmentation " + manifest.augmentationText();
        String weighted = manifest.boxStudyWeight() == 0
                ? ""
                : ", box scores x study probability^" + BoxStudyExponentFit.text(manifest.boxStudyWeight());
        return manifest.withCalibration(fit.calibration(), fit.thresholds(), metrics)
                .withTrainingData(kept + NOTE + fit.calibration().method() + " calibration, thresholds" + boxes + served
                        + weighted + ") on " + description);
    }

    /**
     * The training data without its last recalibration note, when that note is the last step it records; all of it
     * otherwise. A note runs to the end of the text unless another step ({@code "; "}) follows its own command line.
     */
    public static String withoutLastNote(String training) {
        int previous = training.lastIndexOf(NOTE);
        if (previous < 0) {
            return training;
        }
        String note = training.substring(previous + NOTE.length());
        int command = note.indexOf(COMMAND);
        String rest = command < 0 ? note : note.substring(command + COMMAND.length());
        return rest.contains("; ") ? training : training.substring(0, previous);
    }
}
