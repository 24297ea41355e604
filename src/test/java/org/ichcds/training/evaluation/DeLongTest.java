package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeLongTest {

    @Test
    void standardErrorIsDeLongsFromTheStructuralComponentsTiesCountingOneHalf() {
        double[] scores = {0.9, 0.8, 0.7, 0.7, 0.6, 0.5, 0.4, 0.3, 0.3, 0.1};
        boolean[] truths = {true, true, false, true, true, false, false, true, false, false};

        DeLong.Interval interval = DeLong.interval(scores, truths).orElseThrow();

        assertThat(interval.auc()).isCloseTo(Metrics.rocAuc(scores, truths).getAsDouble(), within(1e-12));
        assertThat(interval.standardError()).isCloseTo(bruteForceStandardError(scores, truths), within(1e-12));
        assertThat(interval.low()).isLessThan(interval.auc());
        assertThat(interval.high()).isGreaterThan(interval.auc()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aPerfectOrAnUndefinedAucHasNoInterval() {
        // DeLong's variance of a perfect AUC is 0 however few the cases: no interval rather than a certain-looking one
        assertThat(DeLong.interval(new double[] {0.9, 0.8, 0.2}, new boolean[] {true, true, false}))
                .isEmpty();
        assertThat(DeLong.interval(new double[] {0.1, 0.8}, new boolean[] {true, false}))
                .isEmpty();
        assertThat(DeLong.interval(new double[] {0.9, 0.8}, new boolean[] {true, true}))
                .isEmpty();
        assertThat(DeLong.interval(new double[] {0.9, 0.8}, new boolean[] {false, false}))
                .isEmpty();
    }

    /**
     * Scores of two normal distributions a distance 1.5 apart (true AUC Φ(1.5/√2) = 0.8556), 600 sets of 40 positives
     * and 60 negatives: the 95 % interval holds the true AUC in about 95 % of the sets.
     */
    @Test
    void theIntervalCoversTheTrueAucAboutNinetyFivePercentOfTheTime() {
        double trueAuc = DeLong.normalCdf(1.5 / Math.sqrt(2));
        SplittableRandom random = new SplittableRandom(11);
        int covered = 0;
        int sets = 600;
        for (int set = 0; set < sets; set++) {
            double[] scores = new double[100];
            boolean[] truths = new boolean[100];
            for (int i = 0; i < 100; i++) {
                truths[i] = i < 40;
                scores[i] = gaussian(random) + (truths[i] ? 1.5 : 0);
            }
            DeLong.Interval interval = DeLong.interval(scores, truths).orElseThrow();
            covered += interval.low() <= trueAuc && trueAuc <= interval.high() ? 1 : 0;
        }
        assertThat(covered / (double) sets).isBetween(0.92, 0.98);
    }

    @Test
    void aModelComparedWithItselfDoesNotDifferAndABetterOneOnTheSameCasesDoes() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 300;
        double[] weak = new double[n];
        double[] strong = new double[n];
        boolean[] truths = new boolean[n];
        for (int i = 0; i < n; i++) {
            truths[i] = i % 2 == 0;
            double shared = gaussian(random);
            weak[i] = shared + (truths[i] ? 0.6 : 0) + gaussian(random);
            strong[i] = shared + (truths[i] ? 1.6 : 0) + 0.5 * gaussian(random);
        }

        DeLong.Difference same = DeLong.compare(weak, weak, truths).orElseThrow();
        assertThat(same.difference()).isZero();
        assertThat(same.pValue()).isEqualTo(1.0);

        DeLong.Difference better = DeLong.compare(strong, weak, truths).orElseThrow();
        assertThat(better.difference()).isPositive();
        assertThat(better.low()).isPositive();
        assertThat(better.pValue()).isLessThan(0.001);
        assertThat(better.aucA()).isCloseTo(Metrics.rocAuc(strong, truths).getAsDouble(), within(1e-12));
    }

    @Test
    void normalDistributionFunctionMatchesItsTabulatedValues() {
        assertThat(DeLong.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(DeLong.normalCdf(DeLong.Z95)).isCloseTo(0.975, within(1e-7));
        assertThat(DeLong.normalCdf(-1.2815515655)).isCloseTo(0.1, within(1e-7));
        assertThat(DeLong.normalCdf(3.090232306)).isCloseTo(0.999, within(1e-7));
    }

    @Test
    void mismatchedOrNanScoresAreRefusedByName() {
        assertThatThrownBy(() -> DeLong.compare(new double[] {0.1}, new double[] {0.1, 0.2}, new boolean[] {true}))
                .hasMessageContaining("different numbers of cases: 1 and 2");
        assertThatThrownBy(() -> DeLong.interval(new double[] {0.1, Double.NaN}, new boolean[] {true, false}))
                .hasMessageContaining("score 1 is NaN");
    }

    /** The textbook double sum: ψ per (positive, negative) pair, then the components' sample variances. */
    private static double bruteForceStandardError(double[] scores, boolean[] truths) {
        int m = 0;
        for (boolean t : truths) {
            m += t ? 1 : 0;
        }
        int n = truths.length - m;
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!truths[i]) {
                continue;
            }
            int q = 0;
            for (int j = 0; j < scores.length; j++) {
                if (truths[j]) {
                    continue;
                }
                double psi = scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0);
                v10[p] += psi / n;
                v01[q] += psi / m;
                q++;
            }
            p++;
        }
        return Math.sqrt(variance(v10) / m + variance(v01) / n);
    }

    private static double variance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (x.length - 1);
    }

    /** A standard normal draw (Box–Muller). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
