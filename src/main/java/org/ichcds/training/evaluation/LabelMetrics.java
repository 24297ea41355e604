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
 * @param atThreshold confusion counts of the calls at the threshold (for studies, the server's calls: a subtype only
 *     in a study called for {@code any})
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

    /** Figures with the AUC's 95 % interval, for independent cases (studies), called at the threshold. */
    static LabelMetrics ofIndependent(HemorrhageLabel label, double[] scores, boolean[] truths, double threshold) {
        boolean[] calls = new boolean[scores.length];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = scores[i] >= threshold;
        }
        return ofIndependent(label, scores, truths, threshold, calls);
    }

    /**
     * Figures with the AUC's 95 % interval, for independent cases (studies), with the confusion counts of the given
     * calls (the server's: a subtype only in a study called for {@code any}).
     */
    static LabelMetrics ofIndependent(
            HemorrhageLabel label, double[] scores, boolean[] truths, double threshold, boolean[] calls) {
        LabelMetrics m = of(label, scores, truths, threshold);
        return new LabelMetrics(
                label,
                m.cases,
                m.positives,
                m.auc,
                threshold,
                Metrics.confusion(calls, truths),
                DeLong.interval(scores, truths));
    }
}
