package org.ichcds.training.evaluation;

import java.util.Optional;

/**
 * A proportion's 95 % interval: Wilson's score interval (Wilson 1927), which stays inside [0, 1] and keeps its width
 * at proportions of 0 and 1, where the normal approximation collapses to a point. It says how far a sensitivity or a
 * specificity could move on another set of as many cases.
 *
 * @param low lower bound
 * @param high upper bound
 */
public record ProportionInterval(double low, double high) {

    /** The two-sided 95 % normal quantile. */
    private static final double Z = 1.959963984540054;

    /** The interval of {@code successes} out of {@code trials}; empty without trials. */
    public static Optional<ProportionInterval> wilson(long successes, long trials) {
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes out of " + trials + " trials");
        }
        if (trials == 0) {
            return Optional.empty();
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Optional.of(new ProportionInterval(Math.max(0, centre - half), Math.min(1, centre + half)));
    }
}
