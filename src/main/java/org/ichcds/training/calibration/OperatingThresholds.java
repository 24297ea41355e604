package org.ichcds.training.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Every label's operating threshold on the calibrated study probabilities of some studies, {@code any} first: a
 * subtype's over its scores as the server calls them (not named in a study below the {@code any} threshold), over the
 * studies the rule names.
 *
 * @param scores per label (label order), per study, the calibrated probability as the server holds it
 * @param truths per label, per study, the truth
 * @param rule the subtypes' studies and the threshold placement
 */
record OperatingThresholds(double[][] scores, boolean[][] truths, ThresholdRule rule) {

    /** Each label's threshold chosen on the given studies (indices into the scores), in label order. */
    List<ThresholdChoice> choose(int[] studies) {
        List<ThresholdChoice> choices = new ArrayList<>();
        double anyThreshold = Double.NaN;
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            double[] served = served(label, studies, anyThreshold);
            boolean[] truth = pick(truths[label.ordinal()], studies);
            boolean[] among = among(label, studies);
            ThresholdChoice choice = ThresholdChoice.choose(
                    select(served, truth, true, among),
                    select(served, truth, false, among),
                    point(label),
                    rule.placement());
            if (label == HemorrhageLabel.ANY) {
                anyThreshold = choice.threshold();
            }
            choices.add(choice);
        }
        return choices;
    }

    /** What thresholds (in label order, {@code any} first) achieve on the given studies, as the server calls them. */
    List<ThresholdChoice> measure(int[] studies, double[] thresholds) {
        List<ThresholdChoice> measured = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            double[] served = served(label, studies, thresholds[HemorrhageLabel.ANY.ordinal()]);
            boolean[] truth = pick(truths[label.ordinal()], studies);
            boolean[] among = among(label, studies);
            measured.add(ThresholdChoice.at(
                    thresholds[label.ordinal()],
                    select(served, truth, true, among),
                    select(served, truth, false, among),
                    point(label)));
        }
        return measured;
    }

    /** Every study's index. */
    int[] all() {
        return IntStream.range(0, truths[0].length).toArray();
    }

    private static OperatingPoint point(HemorrhageLabel label) {
        return label == HemorrhageLabel.ANY ? OperatingPoint.ANY : OperatingPoint.SUBTYPE;
    }

    /**
     * A label's scores on the studies as the server calls them ({@code StudyCalls}): a study not called for {@code
     * any} is never named for a subtype, whatever its subtype probability, so its score drops below every threshold.
     * Thresholds chosen on these scores achieve, on the calibration studies, the sensitivity and specificity a
     * clinician sees.
     */
    private double[] served(HemorrhageLabel label, int[] studies, double anyThreshold) {
        double[] own = scores[label.ordinal()];
        if (label == HemorrhageLabel.ANY) {
            return Arrays.stream(studies).mapToDouble(i -> own[i]).toArray();
        }
        double[] any = scores[HemorrhageLabel.ANY.ordinal()];
        return Arrays.stream(studies)
                .mapToDouble(i -> any[i] >= anyThreshold ? own[i] : Double.NEGATIVE_INFINITY)
                .toArray();
    }

    private boolean[] among(HemorrhageLabel label, int[] studies) {
        return label != HemorrhageLabel.ANY && rule.subtypeStudies() == SubtypeStudies.HEMORRHAGE
                ? pick(truths[HemorrhageLabel.ANY.ordinal()], studies)
                : null;
    }

    private static boolean[] pick(boolean[] values, int[] studies) {
        boolean[] out = new boolean[studies.length];
        for (int i = 0; i < studies.length; i++) {
            out[i] = values[studies[i]];
        }
        return out;
    }

    /** The scores of the studies whose truth is {@code positive}, among those marked in {@code among} (null: all). */
    private static double[] select(double[] scores, boolean[] truth, boolean positive, boolean[] among) {
        return IntStream.range(0, scores.length)
                .filter(i -> truth[i] == positive && (among == null || among[i]))
                .mapToDouble(i -> scores[i])
                .toArray();
    }
}
