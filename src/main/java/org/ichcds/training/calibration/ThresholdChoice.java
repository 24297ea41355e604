package org.ichcds.training.calibration;

import java.util.Arrays;
import org.ichcds.training.evaluation.Metrics;

/**
 * One label's operating threshold on calibrated study probabilities, and what it achieves on the studies it was chosen
 * on. Probabilities are compared as the server compares them: a study at or above the threshold is positive.
 *
 * @param threshold in (0, 1)
 * @param sensitivity fraction of positive studies at or above it; NaN without positives
 * @param specificity fraction of negative studies below it; NaN without negatives
 * @param positives positive studies it was chosen on
 * @param negatives negative studies it was chosen on
 * @param point what it aimed at
 * @param met whether both the sensitivity target and the specificity floor were met
 */
public record ThresholdChoice(
        double threshold,
        double sensitivity,
        double specificity,
        int positives,
        int negatives,
        OperatingPoint point,
        boolean met) {

    /** A label without a positive study cannot be tuned and keeps this threshold. */
    static final double UNTUNED = 0.5;
    /** The manifest needs thresholds strictly inside (0, 1). */
    private static final double EPSILON = 1e-6;

    /**
     * Chooses the threshold: the highest one keeping the sensitivity target (most specific among the sensitive ones);
     * if its specificity is below the floor and the floor binds, the lowest one meeting the floor (most sensitive among
     * the specific ones) instead. When that highest one meets the floor too, {@link ThresholdPlacement#MARGIN} moves it
     * down to the threshold with the widest margin on both.
     */
    static ThresholdChoice choose(
            double[] positives, double[] negatives, OperatingPoint point, ThresholdPlacement placement) {
        if (positives.length == 0) {
            return of(UNTUNED, positives, negatives, point);
        }
        ThresholdChoice sensitive =
                of(Metrics.sensitiveThreshold(positives, point.targetSensitivity()), positives, negatives, point);
        if (sensitive.met() && negatives.length > 0 && placement == ThresholdPlacement.MARGIN) {
            return widestMargin(positives, negatives, point, sensitive);
        }
        if (sensitive.met() || negatives.length == 0 || !point.floorBinds()) {
            return sensitive;
        }
        // at most m negatives may lie at or above the threshold: put it just above the (m+1)-th highest negative
        double[] neg = sorted(negatives);
        int m = (int) Math.floor((1 - point.specificityFloor()) * neg.length + 1e-9);
        double highestAllowedAbove = neg[neg.length - 1 - m];
        return of(Math.nextUp((float) highestAllowedAbove), positives, negatives, point);
    }

    /**
     * Of the thresholds at or below {@code sensitive} (each positive's score, and just above each negative's: where the
     * counts change), the one meeting both whose smaller margin in standard errors is largest; on a tie the higher.
     */
    private static ThresholdChoice widestMargin(
            double[] positives, double[] negatives, OperatingPoint point, ThresholdChoice sensitive) {
        double[] pos = sorted(positives);
        double[] neg = sorted(negatives);
        double sensitivityError = standardError(point.targetSensitivity(), pos.length);
        double specificityError = standardError(point.specificityFloor(), neg.length);
        double[] candidates = new double[pos.length + neg.length];
        for (int i = 0; i < pos.length; i++) {
            candidates[i] = pos[i];
        }
        for (int i = 0; i < neg.length; i++) {
            candidates[pos.length + i] = Math.nextUp((float) neg[i]);
        }
        Arrays.sort(candidates);
        double best = sensitive.threshold();
        double bestMargin =
                margin(sensitive.sensitivity(), sensitive.specificity(), point, sensitivityError, specificityError);
        for (int i = candidates.length - 1; i >= 0; i--) {
            double t = Math.max(EPSILON, Math.min(1 - EPSILON, candidates[i]));
            if (t >= sensitive.threshold()) {
                continue;
            }
            double sensitivity = 1 - Metrics.countBelow(pos, t) / (double) pos.length;
            double specificity = Metrics.countBelow(neg, t) / (double) neg.length;
            if (specificity < point.specificityFloor() - 1e-12) {
                break; // lower thresholds only lose specificity
            }
            double m = margin(sensitivity, specificity, point, sensitivityError, specificityError);
            if (m > bestMargin + 1e-12) {
                best = t;
                bestMargin = m;
            }
        }
        return of(best, positives, negatives, point);
    }

    private static double margin(
            double sensitivity,
            double specificity,
            OperatingPoint point,
            double sensitivityError,
            double specificityError) {
        return Math.min(
                (sensitivity - point.targetSensitivity()) / sensitivityError,
                (specificity - point.specificityFloor()) / specificityError);
    }

    /** The binomial standard error of a proportion {@code p} over {@code n}; never 0, so a margin stays finite. */
    private static double standardError(double p, int n) {
        return Math.max(Math.sqrt(p * (1 - p) / n), 1e-9);
    }

    /** Sensitivity missing from the target; 0 when met or undefined. */
    public double sensitivityShortfall() {
        return Double.isNaN(sensitivity) ? 0 : Math.max(0, point.targetSensitivity() - sensitivity);
    }

    /** Specificity missing from the floor; 0 when met or undefined. */
    public double specificityShortfall() {
        return Double.isNaN(specificity) ? 0 : Math.max(0, point.specificityFloor() - specificity);
    }

    /** What a threshold achieves on scores, against what the operating point aims at. */
    static ThresholdChoice at(double threshold, double[] positives, double[] negatives, OperatingPoint point) {
        return of(threshold, positives, negatives, point);
    }

    private static ThresholdChoice of(double raw, double[] positives, double[] negatives, OperatingPoint point) {
        double t = Math.max(EPSILON, Math.min(1 - EPSILON, raw));
        double sensitivity = positives.length == 0 ? Double.NaN : atOrAbove(positives, t);
        double specificity = negatives.length == 0 ? Double.NaN : 1 - atOrAbove(negatives, t);
        boolean met =
                !(sensitivity < point.targetSensitivity() - 1e-12) && !(specificity < point.specificityFloor() - 1e-12);
        return new ThresholdChoice(t, sensitivity, specificity, positives.length, negatives.length, point, met);
    }

    private static double atOrAbove(double[] scores, double threshold) {
        return Arrays.stream(scores).filter(s -> s >= threshold).count() / (double) scores.length;
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
