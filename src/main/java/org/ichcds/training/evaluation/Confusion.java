package org.ichcds.training.evaluation;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Counts of a binary decision at one threshold. A ratio whose denominator is zero (the precision of a classifier that
 * calls nothing positive, the sensitivity on a set without positives) is undefined and returned empty, never as NaN.
 *
 * @param truePositives positives scored at or above the threshold
 * @param falsePositives negatives scored at or above the threshold
 * @param trueNegatives negatives scored below the threshold
 * @param falseNegatives positives scored below the threshold
 */
record Confusion(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public Confusion {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("confusion counts must not be negative");
        }
    }

    /** Number of cases counted. */
    long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** (TP + TN) / all. */
    OptionalDouble accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    /** TP / (TP + FP), the positive predictive value. */
    OptionalDouble precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** TP / (TP + FN); the same number as {@link #sensitivity()}. */
    OptionalDouble recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /** TP / (TP + FN). */
    OptionalDouble sensitivity() {
        return recall();
    }

    /** TN / (TN + FP). */
    OptionalDouble specificity() {
        return ratio(trueNegatives, trueNegatives + falsePositives);
    }

    /** The sensitivity's 95 % interval (Wilson's); empty without positives. */
    Optional<ProportionInterval> sensitivityInterval() {
        return ProportionInterval.wilson(truePositives, truePositives + falseNegatives);
    }

    /** The specificity's 95 % interval (Wilson's); empty without negatives. */
    Optional<ProportionInterval> specificityInterval() {
        return ProportionInterval.wilson(trueNegatives, trueNegatives + falsePositives);
    }

    /**
     * 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall; undefined only when there is neither a
     * positive case nor a positive call.
     */
    OptionalDouble f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    /** numerator / denominator; empty when the denominator is zero. */
    static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }
}
