package org.ichcds.training.calibration;

import org.ichcds.inference.Calibration;

/**
 * Fits Platt scaling (Platt 1999) of one label: the temperature {@code T} and offset {@code b} of {@code
 * sigmoid(logit(p) / T + b)} minimising the negative log-likelihood of the truths. As Platt proposed, the targets are
 * smoothed to {@code (N+ + 1) / (N+ + 2)} for positives and {@code 1 / (N- + 2)} for negatives, so a perfectly
 * separated label still has a finite fit and a handful of studies does not give probabilities of exactly 0 or 1.
 *
 * <p>The NLL is jointly convex in {@code (1/T, b)}, so its minimum over {@code b} at a fixed {@code T} (Newton's method
 * on a convex function of one variable) is convex in {@code 1/T} and unimodal in {@code ln T}: a golden-section search
 * over {@code ln T} in [0.05, 20], as {@link TemperatureFit} does, finds the joint minimum. {@code T} stays positive,
 * so the calibrated probabilities keep their order.
 */
public final class PlattFit {

    static final double MAX_OFFSET = 20;
    private static final int ITERATIONS = 80;
    private static final int NEWTON_STEPS = 60;

    /** A fitted temperature and offset. */
    public record Fit(double temperature, double offset) {}

    private PlattFit() {}

    /**
     * The temperature and offset minimising the NLL; {@code T = 1, b = 0} when the cases hold only one class.
     *
     * @param probabilities uncalibrated probabilities
     * @param truths the truth of each case
     */
    public static Fit fit(double[] probabilities, boolean[] truths) {
        if (probabilities.length != truths.length) {
            throw new IllegalArgumentException(
                    probabilities.length + " probabilities but " + truths.length + " truths");
        }
        int positives = 0;
        for (boolean t : truths) {
            positives += t ? 1 : 0;
        }
        int negatives = truths.length - positives;
        if (positives == 0 || negatives == 0) {
            return new Fit(1, 0);
        }
        double positiveTarget = (positives + 1.0) / (positives + 2.0);
        double negativeTarget = 1.0 / (negatives + 2.0);
        double[] logits = new double[probabilities.length];
        double[] targets = new double[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Calibration.logit(probabilities[i]);
            targets[i] = truths[i] ? positiveTarget : negativeTarget;
        }
        double temperature = Math.exp(GoldenSection.minimise(
                x -> profile(logits, targets, Math.exp(x)),
                Math.log(TemperatureFit.MIN_TEMPERATURE),
                Math.log(TemperatureFit.MAX_TEMPERATURE),
                ITERATIONS));
        return new Fit(temperature, bestOffset(logits, targets, 1 / temperature));
    }

    /** The NLL at a temperature with the best offset for it. */
    private static double profile(double[] logits, double[] targets, double temperature) {
        double a = 1 / temperature;
        return nll(logits, targets, a, bestOffset(logits, targets, a));
    }

    /** Newton's method on the NLL as a function of the offset alone (convex), kept within ±{@link #MAX_OFFSET}. */
    static double bestOffset(double[] logits, double[] targets, double a) {
        double b = 0;
        for (int step = 0; step < NEWTON_STEPS; step++) {
            double gradient = 0;
            double curvature = 0;
            for (int i = 0; i < logits.length; i++) {
                double p = sigmoid(a * logits[i] + b);
                gradient += p - targets[i];
                curvature += p * (1 - p);
            }
            double move = gradient / Math.max(curvature, 1e-12);
            // a Newton step far out on a flat tail can overshoot: at most 5 logits at a time
            move = Math.max(-5, Math.min(5, move));
            b = Math.max(-MAX_OFFSET, Math.min(MAX_OFFSET, b - move));
            if (Math.abs(move) < 1e-10) {
                break;
            }
        }
        return b;
    }

    /** Mean cross-entropy of the (smoothed) targets under {@code sigmoid(a·z + b)}. */
    static double nll(double[] logits, double[] targets, double a, double b) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double s = a * logits[i] + b;
            sum += targets[i] * TemperatureFit.softplus(-s) + (1 - targets[i]) * TemperatureFit.softplus(s);
        }
        return sum / logits.length;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
