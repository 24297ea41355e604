package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Chooses a model's {@code boxStudyExponent} on calibration studies: the exponent of the subtype's study probability
 * that, multiplied into every box's detector score, gives the highest mean AP@0.5 over the subtypes. An exponent is
 * kept only when it raises that mean by {@link BoxScaleFit#MIN_GAIN} or more over the detector's scores; of equal
 * means, the smaller exponent.
 */
public final class BoxStudyExponentFit {

    /** The exponents tried besides 0 (the detector's scores). */
    static final double[] CANDIDATES = {0.25, 0.5, 1};

    /** Prefix of the metrics a fit writes: {@code calibration.boxStudyExponent.map50.<exponent>}. */
    public static final String METRICS = "calibration.boxStudyExponent.map50.";

    private BoxStudyExponentFit() {}

    /**
     * What the fit found.
     *
     * @param exponent the exponent chosen; 0 for none
     * @param meanAp the mean AP@0.5 over the subtypes with truth boxes, per exponent tried (0 first)
     */
    public record Result(double exponent, Map<Double, Double> meanAp) {
        public Result {
            meanAp = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meanAp));
        }

        /** The metrics recorded in the manifest: the mean AP@0.5 per exponent tried. */
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            meanAp.forEach((e, ap) -> metrics.put(METRICS + text(e), ap));
            return metrics;
        }

        /** One line per exponent tried, the chosen one marked. */
        public List<String> report() {
            List<String> lines = new ArrayList<>();
            meanAp.forEach((e, ap) -> lines.add(String.format(
                    Locale.ROOT,
                    "box scores x study probability^%s: mAP@0.5 %.3f%s",
                    text(e),
                    ap,
                    e == exponent ? " (chosen)" : "")));
            return lines;
        }
    }

    /** An exponent as the manifest and the metrics write it: 0.25, 0.5, 1. */
    public static String text(double exponent) {
        return java.math.BigDecimal.valueOf(exponent).stripTrailingZeros().toPlainString();
    }

    /**
     * Tries every candidate on the evaluation's boxes, which must carry the detector's scores (evaluated without a
     * weight).
     *
     * @param calibrated per study of the evaluation, in its order, the calibrated study probabilities to weigh by
     */
    public static Result fit(Evaluation evaluation, List<float[]> calibrated) {
        return fit(evaluation.samples(), calibrated);
    }

    static Result fit(EvaluationSamples samples, List<float[]> calibrated) {
        Map<Double, Double> means = new LinkedHashMap<>();
        means.put(0.0, meanAp(samples, weighted(samples, calibrated, 0)));
        for (double e : CANDIDATES) {
            means.put(e, meanAp(samples, weighted(samples, calibrated, e)));
        }
        double without = means.get(0.0);
        double chosen = 0;
        double best = without;
        for (double e : CANDIDATES) {
            if (means.get(e) > best) {
                best = means.get(e);
                chosen = e;
            }
        }
        return new Result(best - without >= BoxScaleFit.MIN_GAIN ? chosen : 0, means);
    }

    /**
     * The evaluation's boxes per subtype, each score multiplied by its study's probability of the subtype to the power
     * {@code exponent}, as the server weighs them ({@link StudyAggregator#rescored}); with 0, the boxes as evaluated.
     *
     * @param calibrated per study of the evaluation, in its order, the calibrated study probabilities
     */
    public static Map<HemorrhageLabel, List<LabelledBox>> weighted(
            Evaluation evaluation, List<float[]> calibrated, double exponent) {
        return weighted(evaluation.samples(), calibrated, exponent);
    }

    static Map<HemorrhageLabel, List<LabelledBox>> weighted(
            EvaluationSamples samples, List<float[]> calibrated, double exponent) {
        List<ScoredCase> studies = samples.studies();
        if (calibrated.size() != studies.size()) {
            throw new IllegalArgumentException(
                    calibrated.size() + " study probabilities for " + studies.size() + " studies");
        }
        Map<String, float[]> byStudy = new HashMap<>();
        for (int i = 0; i < studies.size(); i++) {
            byStudy.put(studies.get(i).id(), calibrated.get(i));
        }
        if (exponent == 0) {
            return samples.detections();
        }
        return samples.rescoredDetections(byStudy, (score, p) -> StudyAggregator.weighted(score, p, exponent));
    }

    /** The mean AP@0.5 over the subtypes with truth boxes; 0 when none has. */
    static double meanAp(EvaluationSamples samples, Map<HemorrhageLabel, List<LabelledBox>> detections) {
        return HemorrhageLabel.subtypes().stream()
                .map(s -> VocAveragePrecision.of(detections.get(s), samples.truthBoxes(s), Metrics.VOC_IOU))
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .average()
                .orElse(0);
    }
}
