package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How well probabilities match observed frequencies: the reliability diagram's bins and the expected calibration error
 * (Naeini et al. 2015; Guo et al. 2017), {@code ECE = Σ_b (n_b / n) · |mean probability_b − fraction positive_b|} over
 * equal-width bins of the probability. Bin {@code b} of {@code B} holds probabilities in {@code [b/B, (b+1)/B)}, the
 * last one also 1.
 */
public final class Reliability {

    private Reliability() {}

    /**
     * One bin of the diagram.
     *
     * @param lower lower edge of the bin
     * @param upper upper edge of the bin
     * @param count cases in the bin
     * @param meanProbability mean probability of its cases (NaN when empty)
     * @param fractionPositive fraction of its cases that are positive (NaN when empty)
     */
    public record Bin(double lower, double upper, int count, double meanProbability, double fractionPositive) {}

    /** The bins, empty ones included. */
    public static List<Bin> bins(double[] probabilities, boolean[] truths, int bins) {
        if (probabilities.length != truths.length) {
            throw new IllegalArgumentException(
                    probabilities.length + " probabilities but " + truths.length + " truths");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("a reliability diagram needs at least one bin, got " + bins);
        }
        int[] count = new int[bins];
        double[] sum = new double[bins];
        int[] positives = new int[bins];
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.max(0, Math.min(1, probabilities[i]));
            int b = Math.min(bins - 1, (int) Math.floor(p * bins));
            count[b]++;
            sum[b] += p;
            positives[b] += truths[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            double mean = count[b] == 0 ? Double.NaN : sum[b] / count[b];
            double fraction = count[b] == 0 ? Double.NaN : positives[b] / (double) count[b];
            out.add(new Bin(b / (double) bins, (b + 1) / (double) bins, count[b], mean, fraction));
        }
        return out;
    }

    /** The expected calibration error; empty without cases. */
    public static OptionalDouble expectedCalibrationError(double[] probabilities, boolean[] truths, int bins) {
        if (probabilities.length == 0) {
            return OptionalDouble.empty();
        }
        double ece = 0;
        for (Bin bin : bins(probabilities, truths, bins)) {
            if (bin.count() > 0) {
                ece += bin.count() * Math.abs(bin.meanProbability() - bin.fractionPositive());
            }
        }
        return OptionalDouble.of(ece / probabilities.length);
    }
}
