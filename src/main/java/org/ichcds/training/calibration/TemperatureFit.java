package org.ichcds.training.calibration;

import org.ichcds.inference.Calibration;

/**
 * Fits the temperature of one label by minimising the negative log-likelihood of the truths under {@code
 * sigmoid(logit(p) / T)} (Guo et al. 2017). With {@code a = 1/T} the NLL is a logistic regression without intercept,
 * convex in {@code a}, so it is unimodal in {@code ln T} too and a golden-section search over {@code ln T} finds its
 * minimum; the search stays inside [0.05, 20], where a perfectly separated label (whose NLL keeps falling as T → 0)
 * ends.
 */
public final class TemperatureFit {

    static final double MIN_TEMPERATURE = 0.05;
    static final double MAX_TEMPERATURE = 20;
    private static final int ITERATIONS = 80;

    private TemperatureFit() {}

    /**
     * The temperature minimising the NLL; 1 when the cases hold only one class (nothing to fit).
     *
     * @param probabilities uncalibrated probabilities
     * @param truths the truth of each case
     */
    public static double fit(double[] probabilities, boolean[] truths) {
        if (probabilities.length != truths.length) {
            throw new IllegalArgumentException(
                    probabilities.length + " probabilities but " + truths.length + " truths");
        }
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (boolean t : truths) {
            anyPositive |= t;
            anyNegative |= !t;
        }
        if (!anyPositive || !anyNegative) {
            return 1;
        }
        double[] logits = new double[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Calibration.logit(probabilities[i]);
        }
        double lnT = GoldenSection.minimise(
                x -> nll(logits, truths, Math.exp(x)),
                Math.log(MIN_TEMPERATURE),
                Math.log(MAX_TEMPERATURE),
                ITERATIONS);
        return Math.exp(lnT);
    }

    /** Mean negative log-likelihood of the truths given the logits scaled by {@code 1/temperature}. */
    static double nll(double[] logits, boolean[] truths, double temperature) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double z = logits[i] / temperature;
            // -log sigmoid(z) = softplus(-z), -log(1 - sigmoid(z)) = softplus(z), computed without overflow
            sum += softplus(truths[i] ? -z : z);
        }
        return sum / logits.length;
    }

    /** {@code ln(1 + e^x)} without overflow. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
