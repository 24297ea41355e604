package org.ichcds.training.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.Calibration;
import org.junit.jupiter.api.Test;

class PlattFitTest {

    /**
     * Logits on a grid, each with 1,000 cases of which round(1000 · sigmoid(z / T + b)) are positive: what a model
     * over-confident by T whose scores sit b logits off produces.
     */
    private static PlattFit.Fit fitted(double temperature, double offset) {
        List<Double> probabilities = new ArrayList<>();
        List<Boolean> truths = new ArrayList<>();
        for (double z = -6; z <= 6; z += 0.5) {
            long positives = Math.round(1000 / (1 + Math.exp(-(z / temperature + offset))));
            for (int i = 0; i < 1000; i++) {
                probabilities.add(1 / (1 + Math.exp(-z)));
                truths.add(i < positives);
            }
        }
        double[] p = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] t = new boolean[truths.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = truths.get(i);
        }
        return PlattFit.fit(p, t);
    }

    @Test
    void recoversTheTemperatureAndTheOffset() {
        PlattFit.Fit shifted = fitted(2.0, -1.5);
        assertThat(shifted.temperature()).isCloseTo(2.0, within(0.03));
        assertThat(shifted.offset()).isCloseTo(-1.5, within(0.03));
        PlattFit.Fit sharp = fitted(0.5, 0.8);
        assertThat(sharp.temperature()).isCloseTo(0.5, within(0.01));
        assertThat(sharp.offset()).isCloseTo(0.8, within(0.03));
        PlattFit.Fit calibrated = fitted(1.0, 0.0);
        assertThat(calibrated.temperature()).isCloseTo(1.0, within(0.01));
        assertThat(calibrated.offset()).isCloseTo(0.0, within(0.01));
    }

    @Test
    void negativesThatAllScoreHighAreBroughtDownWhereATemperatureAloneCannot() {
        // every negative scores 0.6-0.7 and every positive 0.9-0.99: a temperature pivots around 0.5 and cannot move
        // the negatives below it without squeezing the positives; the offset can
        int n = 200;
        double[] p = new double[n];
        boolean[] t = new boolean[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % 2 == 0;
            p[i] = t[i] ? 0.9 + 0.09 * i / n : 0.6 + 0.1 * i / n;
        }
        PlattFit.Fit platt = PlattFit.fit(p, t);
        double negative = Calibration.scale(0.65, platt.temperature(), platt.offset());
        double positive = Calibration.scale(0.95, platt.temperature(), platt.offset());
        assertThat(negative).isLessThan(0.05);
        assertThat(positive).isGreaterThan(0.95);
        double temperatureOnly = Calibration.scale(0.65, TemperatureFit.fit(p, t));
        assertThat(temperatureOnly).isGreaterThan(0.5);
    }

    @Test
    void theFitHasTheLowestLogLossNearby() {
        double[] p = {0.99, 0.95, 0.9, 0.8, 0.3, 0.2, 0.05, 0.6, 0.7, 0.4};
        boolean[] t = {true, false, true, false, true, false, false, true, true, false};
        PlattFit.Fit fit = PlattFit.fit(p, t);
        double[] logits = java.util.Arrays.stream(p).map(Calibration::logit).toArray();
        double[] targets = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            targets[i] = t[i] ? 6.0 / 7 : 1.0 / 7; // 5 positives, 5 negatives, smoothed
        }
        double a = 1 / fit.temperature();
        double b = fit.offset();
        double best = PlattFit.nll(logits, targets, a, b);
        for (double da : new double[] {-0.05, 0.05}) {
            assertThat(best).isLessThan(PlattFit.nll(logits, targets, a + da, b));
        }
        for (double db : new double[] {-0.05, 0.05}) {
            assertThat(best).isLessThan(PlattFit.nll(logits, targets, a, b + db));
        }
    }

    @Test
    void separatedScoresGiveAFiniteFitAndOneClassLeavesThemAlone() {
        PlattFit.Fit separated =
                PlattFit.fit(new double[] {0.6, 0.7, 0.3, 0.4}, new boolean[] {true, true, false, false});
        assertThat(separated.temperature()).isBetween(TemperatureFit.MIN_TEMPERATURE, TemperatureFit.MAX_TEMPERATURE);
        assertThat(Math.abs(separated.offset())).isLessThanOrEqualTo(PlattFit.MAX_OFFSET);
        // smoothed targets: 3/4 and 1/4 at most, never 1 and 0
        assertThat(Calibration.scale(0.7, separated.temperature(), separated.offset()))
                .isLessThan(0.9);
        PlattFit.Fit oneClass = PlattFit.fit(new double[] {0.2, 0.9}, new boolean[] {false, false});
        assertThat(oneClass).isEqualTo(new PlattFit.Fit(1, 0));
    }
}
