package org.ichcds.training.evaluation;

import java.util.Optional;
import java.util.OptionalDouble;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One label's figures over a set of cases (slices or studies).
 *
 * @param label the label
 * @param cases number of cases
 * @param positives cases whose truth is positive
 * @param auc ROC AUC; empty when the set has no positive or no negative case
 * @param threshold the operating threshold the confusion counts are taken at
 * @param atThreshold confusion counts with a probability at or above the threshold called positive
 * @param aucInterval the AUC's 95 % interval (DeLong) for independent cases (studies); empty for slices, which are not
 *     independent, and when the AUC is undefined
 */
record LabelMetrics(
        HemorrhageLabel label,
        int cases,
        long positives,
        OptionalDouble auc,
        double threshold,
        Confusion atThreshold,
        Optional<DeLong.Interval> aucInterval) {

    /** Figures without an AUC interval (slices). */
    static LabelMetrics of(HemorrhageLabel label, double[] scores, boolean[] truths, double threshold) {
        Confusion confusion = Metrics.confusion(scores, truths, threshold);
        return new LabelMetrics(
                label,
                scores.length,
                confusion.truePositives() + confusion.falseNegatives(),
                Metrics.rocAuc(scores, truths),
                threshold,
                confusion,
                Optional.empty());
    }

    /** Figures with the AUC's 95 % interval, for independent cases (studies). */
    static LabelMetrics ofIndependent(HemorrhageLabel label, double[] scores, boolean[] truths, double threshold) {
        LabelMetrics m = of(label, scores, truths, threshold);
        return new LabelMetrics(
                label, m.cases, m.positives, m.auc, threshold, m.atThreshold, DeLong.interval(scores, truths));
    }
}
