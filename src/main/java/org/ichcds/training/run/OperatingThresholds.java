package org.ichcds.training.run;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Chooses each label's operating threshold on study probabilities: the highest threshold that keeps study-level
 * sensitivity at or above the target (a triage tool must miss few bleeds; specificity is what is left). A label
 * without a positive study in the validation split cannot be tuned and keeps 0.5.
 */
final class OperatingThresholds {

    static final double TARGET_SENSITIVITY = 0.95;
    static final double UNTUNED = 0.5;
    /** The manifest needs thresholds strictly inside (0, 1). */
    private static final double EPSILON = 1e-6;

    private final Map<String, Double> thresholds = new TreeMap<>();
    private final Map<String, Double> metrics = new TreeMap<>();

    /**
     * @param probabilities per study, seven study probabilities in label order
     * @param truth per study, seven truths in label order
     */
    OperatingThresholds(List<float[]> probabilities, List<boolean[]> truth) {
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            int l = label.ordinal();
            double[] positives = scores(probabilities, truth, l, true);
            double[] negatives = scores(probabilities, truth, l, false);
            double threshold = choose(positives);
            thresholds.put(label.code(), threshold);
            metrics.put("threshold." + label.code() + ".positives", (double) positives.length);
            if (positives.length > 0) {
                metrics.put("threshold." + label.code() + ".sensitivity", fractionAtOrAbove(positives, threshold));
            }
            if (negatives.length > 0) {
                metrics.put("threshold." + label.code() + ".specificity", 1 - fractionAtOrAbove(negatives, threshold));
            }
        }
    }

    Map<String, Double> thresholds() {
        return thresholds;
    }

    /** Study-level sensitivity and specificity at each threshold, and how many positives chose it. */
    Map<String, Double> metrics() {
        return metrics;
    }

    /** The k-th lowest positive score with k = floor(5 % of positives): at least 95 % of positives lie at or above. */
    static double choose(double[] positives) {
        if (positives.length == 0) {
            return UNTUNED;
        }
        double[] sorted = positives.clone();
        Arrays.sort(sorted);
        int k = (int) Math.floor((1 - TARGET_SENSITIVITY) * sorted.length + 1e-9);
        return Math.max(EPSILON, Math.min(1 - EPSILON, sorted[k]));
    }

    private static double[] scores(List<float[]> probabilities, List<boolean[]> truth, int label, boolean positive) {
        return java.util.stream.IntStream.range(0, probabilities.size())
                .filter(i -> truth.get(i)[label] == positive)
                .mapToDouble(i -> probabilities.get(i)[label])
                .toArray();
    }

    private static double fractionAtOrAbove(double[] scores, double threshold) {
        return Arrays.stream(scores).filter(s -> s >= threshold).count() / (double) scores.length;
    }
}
