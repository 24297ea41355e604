package org.ichcds.training.evaluation;

import java.util.Arrays;
import java.util.Optional;

/**
 * The uncertainty of a ROC AUC, and of the difference of two AUCs measured on the same cases, by DeLong, DeLong and
 * Clarke-Pearson (Biometrics 44:837, 1988): the AUC is the mean of one structural component per positive case (the
 * share of negatives it outranks) or per negative case (the share of positives that outrank it); the variances and
 * covariances of those components give the AUC's variance without resampling, and the covariance of two models'
 * AUCs on the same cases, which a paired comparison needs. Deterministic; O(n log n) per AUC.
 */
public final class DeLong {

    /** Two-sided 95 %: the standard normal quantile 0.975. */
    static final double Z95 = 1.959963984540054;

    private DeLong() {}

    /**
     * An AUC with its standard error and 95 % interval. The interval is taken on the logit scale and mapped back
     * (Pepe 2003, §5.2.3), so it stays inside [0, 1] and is not symmetric near 1.
     */
    public record Interval(double auc, double standardError, double low, double high) {}

    /**
     * Two models' AUCs on the same cases and their difference (a − b), with the difference's standard error, 95 %
     * interval and two-sided p-value against "no difference".
     */
    public record Difference(
            double aucA,
            double aucB,
            double difference,
            double standardError,
            double low,
            double high,
            double pValue) {}

    /**
     * The AUC's interval; empty when there is no positive or no negative case, and when the estimate has no spread
     * (an AUC of exactly 0 or 1, where DeLong's variance is 0 however few the cases: a single-point interval would
     * read as certainty).
     */
    static Optional<Interval> interval(double[] scores, boolean[] truths) {
        return components(scores, truths).flatMap(c -> {
            double se = Math.sqrt(Math.max(0, c.covariance(c)));
            double auc = c.auc();
            if (auc <= 0 || auc >= 1 || se == 0) {
                return Optional.empty();
            }
            double logit = Math.log(auc / (1 - auc));
            double half = Z95 * se / (auc * (1 - auc));
            return Optional.of(new Interval(auc, se, expit(logit - half), expit(logit + half)));
        });
    }

    /**
     * Compares two models scored on the same cases.
     *
     * @return empty when there is no positive or no negative case
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static Optional<Difference> compare(double[] a, double[] b, boolean[] truths) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "the two models were scored on different numbers of cases: " + a.length + " and " + b.length);
        }
        Optional<Components> ca = components(a, truths);
        Optional<Components> cb = components(b, truths);
        if (ca.isEmpty() || cb.isEmpty()) {
            return Optional.empty();
        }
        Components x = ca.get();
        Components y = cb.get();
        double variance = x.covariance(x) + y.covariance(y) - 2 * x.covariance(y);
        double se = Math.sqrt(Math.max(0, variance));
        double d = x.auc() - y.auc();
        double p = se == 0 ? (d == 0 ? 1 : 0) : 2 * (1 - normalCdf(Math.abs(d) / se));
        return Optional.of(
                new Difference(x.auc(), y.auc(), d, se, Math.max(-1, d - Z95 * se), Math.min(1, d + Z95 * se), p));
    }

    /**
     * The structural components: per positive, the share of negatives scored below it (ties count one half); per
     * negative, the share of positives scored above it.
     */
    private record Components(double[] positives, double[] negatives) {

        double auc() {
            return Arrays.stream(positives).average().orElseThrow();
        }

        /** This AUC's covariance with another's over the same cases (the variance when other is this). */
        double covariance(Components other) {
            return sampleCovariance(positives, other.positives) / positives.length
                    + sampleCovariance(negatives, other.negatives) / negatives.length;
        }
    }

    private static Optional<Components> components(double[] scores, boolean[] truths) {
        if (scores.length != truths.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + truths.length + " truths");
        }
        int m = 0;
        for (boolean t : truths) {
            m += t ? 1 : 0;
        }
        int n = truths.length - m;
        if (m == 0 || n == 0) {
            return Optional.empty();
        }
        double[] pos = new double[m];
        double[] neg = new double[n];
        for (int i = 0, p = 0, q = 0; i < truths.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            if (truths[i]) {
                pos[p++] = scores[i];
            } else {
                neg[q++] = scores[i];
            }
        }
        double[] sortedPos = pos.clone();
        double[] sortedNeg = neg.clone();
        Arrays.sort(sortedPos);
        Arrays.sort(sortedNeg);
        double[] v10 = new double[m];
        for (int i = 0; i < m; i++) {
            v10[i] = (Metrics.countBelow(sortedNeg, pos[i]) + 0.5 * equal(sortedNeg, pos[i])) / n;
        }
        double[] v01 = new double[n];
        for (int j = 0; j < n; j++) {
            v01[j] = (m - Metrics.countBelow(sortedPos, neg[j]) - 0.5 * equal(sortedPos, neg[j])) / m;
        }
        return Optional.of(new Components(v10, v01));
    }

    /** How many values of the sorted array equal x. */
    private static int equal(double[] sorted, double x) {
        int lo = Metrics.countBelow(sorted, x);
        int hi = lo;
        while (hi < sorted.length && sorted[hi] == x) {
            hi++;
        }
        return hi - lo;
    }

    /** Sample covariance (n − 1 in the denominator); 0 for a single value. */
    private static double sampleCovariance(double[] x, double[] y) {
        if (x.length < 2) {
            return 0;
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] - mx) * (y[i] - my);
        }
        return sum / (x.length - 1);
    }

    private static double expit(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * The standard normal distribution function, from the complementary error function's Chebyshev fit (Press et al.,
     * Numerical Recipes, §6.2: fractional error below 1.2e-7 everywhere).
     */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double poly = 0;
        for (int i = ERFC_FIT.length - 1; i >= 0; i--) {
            poly = ERFC_FIT[i] + t * poly;
        }
        double erfc = t * Math.exp(-x * x + poly);
        return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    /** The fit's coefficients of t⁰ … t⁹. */
    private static final double[] ERFC_FIT = {
        -1.26551223,
        1.00002368,
        0.37409196,
        0.09678418,
        -0.18628806,
        0.27886807,
        -1.13520398,
        1.48851587,
        -0.82215223,
        0.17087277
    };
}
