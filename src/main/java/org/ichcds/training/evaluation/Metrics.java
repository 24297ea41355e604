package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Classification and detection metrics as pure functions over scores and truths. Undefined values (an AUC without
 * positives or without negatives, an AP without truth boxes) are returned empty, never as NaN.
 */
public final class Metrics {

    /**
     * The RSNA 2019 challenge's log-loss clip: log(1e-7) bounds the loss of a confident wrong answer to about 16.
     */
    static final double LOG_LOSS_EPSILON = 1e-7;

    /** The IoU at which a detection matches a truth box in mAP@0.5 (PASCAL VOC). */
    static final double VOC_IOU = 0.5;

    /** The study sensitivity the operating point of {@code any} aims at: a triage call must miss few bleeds. */
    public static final double TARGET_SENSITIVITY_ANY = 0.95;

    /** The study sensitivity the operating point of a subtype aims at. */
    public static final double TARGET_SENSITIVITY_SUBTYPE = 0.90;

    private Metrics() {}

    /** {@link #TARGET_SENSITIVITY_ANY} for {@code any}, else {@link #TARGET_SENSITIVITY_SUBTYPE}. */
    public static double targetSensitivity(HemorrhageLabel label) {
        return label == HemorrhageLabel.ANY ? TARGET_SENSITIVITY_ANY : TARGET_SENSITIVITY_SUBTYPE;
    }

    /** How many values of an ascending array lie strictly below {@code x} (a binary search). */
    public static int countBelow(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The highest threshold that keeps at least {@code sensitivity} of the positives at or above it: the score of the
     * ⌈sensitivity · positives⌉-th highest positive (the rate is a quotient of counts: a tolerance keeps 19 of 20 at
     * 0.95). Calibration chooses operating thresholds with it and {@code evaluate} reports the point it gives.
     *
     * @throws IllegalArgumentException without positive scores, or for a sensitivity outside (0, 1]
     */
    public static double sensitiveThreshold(double[] positives, double sensitivity) {
        if (positives.length == 0 || !(sensitivity > 0 && sensitivity <= 1)) {
            throw new IllegalArgumentException(
                    "a sensitive threshold needs positive scores and a sensitivity in (0, 1], got " + positives.length
                            + " scores and " + sensitivity);
        }
        double[] sorted = positives.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor((1 - sensitivity) * sorted.length + 1e-9)];
    }

    /**
     * The point of the ROC curve with the highest specificity among those whose sensitivity is at least {@code
     * sensitivity}: its threshold is {@link #sensitiveThreshold}, and the negatives tied with it are called too. It
     * says what the scores allow at that sensitivity, whatever threshold a model ships.
     *
     * @return empty when there is no positive or no negative case
     */
    static Optional<RocPoint> atSensitivity(double[] scores, boolean[] truths, double sensitivity) {
        check(scores, truths);
        double[] positives = IntStream.range(0, scores.length)
                .filter(i -> truths[i])
                .mapToDouble(i -> scores[i])
                .toArray();
        if (positives.length == 0 || positives.length == scores.length) {
            return Optional.empty();
        }
        double threshold = sensitiveThreshold(positives, sensitivity);
        long truePositives = 0;
        long falsePositives = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= threshold) {
                if (truths[i]) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
            }
        }
        return Optional.of(new RocPoint(
                threshold,
                (double) falsePositives / (scores.length - positives.length),
                (double) truePositives / positives.length));
    }

    /**
     * Exact area under the ROC curve: the Mann–Whitney U statistic over n₊·n₋, with tied scores given their mean rank,
     * so a positive tied with a negative counts one half.
     *
     * @return empty when there is no positive or no negative case
     */
    public static OptionalDouble rocAuc(double[] scores, boolean[] truths) {
        check(scores, truths);
        long positives = count(truths);
        long negatives = truths.length - positives;
        if (positives == 0 || negatives == 0) {
            return OptionalDouble.empty();
        }
        Integer[] order = ascending(scores);
        double positiveRankSum = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double meanRank = (start + end) / 2.0 + 1; // ranks are 1-based
            for (int i = start; i <= end; i++) {
                if (truths[order[i]]) {
                    positiveRankSum += meanRank;
                }
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return OptionalDouble.of(u / ((double) positives * negatives));
    }

    /**
     * The ROC curve from (0, 0) to (1, 1), one point per distinct score (cases at or above it called positive).
     *
     * @return empty when there is no positive or no negative case (the rates are undefined)
     */
    static List<RocPoint> rocCurve(double[] scores, boolean[] truths) {
        check(scores, truths);
        long positives = count(truths);
        long negatives = truths.length - positives;
        if (positives == 0 || negatives == 0) {
            return List.of();
        }
        Integer[] order = ascending(scores);
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
        long tp = 0;
        long fp = 0;
        for (int i = order.length - 1; i >= 0; i--) {
            if (truths[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == 0 || scores[order[i - 1]] != scores[order[i]]) {
                points.add(new RocPoint(scores[order[i]], (double) fp / negatives, (double) tp / positives));
            }
        }
        return List.copyOf(points);
    }

    /** Confusion counts when a score at or above {@code threshold} is called positive. */
    static Confusion confusion(double[] scores, boolean[] truths, double threshold) {
        check(scores, truths);
        boolean[] calls = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            calls[i] = scores[i] >= threshold;
        }
        return confusion(calls, truths);
    }

    /** Counts of the given calls against the truths. */
    static Confusion confusion(boolean[] calls, boolean[] truths) {
        if (calls.length != truths.length) {
            throw new IllegalArgumentException(calls.length + " calls but " + truths.length + " truths");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < calls.length; i++) {
            boolean called = calls[i];
            if (called && truths[i]) {
                tp++;
            } else if (called) {
                fp++;
            } else if (truths[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Confusion(tp, fp, tn, fn);
    }

    /**
     * Weighted multi-label log loss (the RSNA 2019 metric): per case, the binary cross-entropy of each label weighted
     * by {@code weights} and divided by the weight sum; then the mean over cases. Probabilities are clipped to [ε, 1 −
     * ε] with ε = {@link #LOG_LOSS_EPSILON}.
     *
     * @param probabilities {@code [case][label]}
     * @param truths {@code [case][label]}
     * @param weights one positive weight per label
     * @return empty when there is no case
     */
    static OptionalDouble weightedLogLoss(double[][] probabilities, boolean[][] truths, double[] weights) {
        if (probabilities.length != truths.length) {
            throw new IllegalArgumentException(
                    probabilities.length + " probability rows but " + truths.length + " truth rows");
        }
        double weightSum = Arrays.stream(weights).sum();
        if (Arrays.stream(weights).anyMatch(w -> !(w >= 0)) || !(weightSum > 0)) {
            throw new IllegalArgumentException("log-loss weights " + Arrays.toString(weights) + " are not positive");
        }
        if (probabilities.length == 0) {
            return OptionalDouble.empty();
        }
        double total = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i].length != weights.length || truths[i].length != weights.length) {
                throw new IllegalArgumentException("row " + i + " does not have " + weights.length + " labels");
            }
            double row = 0;
            for (int l = 0; l < weights.length; l++) {
                double p = probabilities[i][l];
                if (Double.isNaN(p)) {
                    throw new IllegalArgumentException("probability of row " + i + " label " + l + " is NaN");
                }
                p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p));
                row -= weights[l] * (truths[i][l] ? Math.log(p) : Math.log(1 - p));
            }
            total += row / weightSum;
        }
        return OptionalDouble.of(total / probabilities.length);
    }

    /**
     * PASCAL VOC average precision with all-point interpolation (VOC 2010 onwards): detections are ranked by score
     * (ties keep their input order); each is a true positive when its best-overlapping truth box on the same image has
     * IoU ≥ {@code minIou} and has not been claimed by a higher-ranked detection, otherwise a false positive (so a
     * duplicate detection of one region counts against precision). AP is the area under the precision envelope.
     *
     * @return empty when there is no truth box (recall is undefined)
     */
    static OptionalDouble averagePrecision(List<LabelledBox> detections, List<LabelledBox> truths, double minIou) {
        return VocAveragePrecision.of(detections, truths, minIou);
    }

    /** Intersection over union of two boxes in continuous pixel coordinates; 0 when the union is empty. */
    static double iou(PixelBox a, PixelBox b) {
        return VocAveragePrecision.iou(a, b);
    }

    private static Integer[] ascending(double[] scores) {
        return IntStream.range(0, scores.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> scores[i]))
                .toArray(Integer[]::new);
    }

    private static long count(boolean[] truths) {
        long n = 0;
        for (boolean t : truths) {
            n += t ? 1 : 0;
        }
        return n;
    }

    private static void check(double[] scores, boolean[] truths) {
        if (scores.length != truths.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + truths.length + " truths");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
    }
}
