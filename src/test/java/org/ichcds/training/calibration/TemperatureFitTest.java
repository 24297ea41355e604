package org.ichcds.training.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.Calibration;
import org.junit.jupiter.api.Test;

class TemperatureFitTest {

    /**
     * Logits on a grid, each with 1,000 cases of which exactly round(1000 · sigmoid(z / T)) are positive: the data a
     * model over-confident by a factor T produces, so the NLL is smallest at that T.
     */
    private static double fitted(double trueTemperature) {
        List<Double> probabilities = new ArrayList<>();
        List<Boolean> truths = new ArrayList<>();
        for (double z = -6; z <= 6; z += 0.5) {
            long positives = Math.round(1000 / (1 + Math.exp(-z / trueTemperature)));
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
        return TemperatureFit.fit(p, t);
    }

    @Test
    void recoversTheTemperatureOfOverAndUnderConfidentScores() {
        assertThat(fitted(2.0)).isCloseTo(2.0, within(0.02));
        assertThat(fitted(0.5)).isCloseTo(0.5, within(0.01));
        assertThat(fitted(1.0)).isCloseTo(1.0, within(0.01));
    }

    @Test
    void theFittedTemperatureHasTheLowestLogLoss() {
        double[] p = {0.99, 0.95, 0.9, 0.8, 0.3, 0.2, 0.05, 0.6};
        boolean[] t = {true, false, true, false, true, false, false, true};
        double best = TemperatureFit.fit(p, t);
        double[] logits = java.util.Arrays.stream(p).map(Calibration::logit).toArray();
        double atBest = TemperatureFit.nll(logits, t, best);
        assertThat(atBest).isLessThan(TemperatureFit.nll(logits, t, best * 1.1));
        assertThat(atBest).isLessThan(TemperatureFit.nll(logits, t, best / 1.1));
        assertThat(atBest).isLessThan(TemperatureFit.nll(logits, t, 1.0));
    }

    @Test
    void oneClassOnlyLeavesTheProbabilitiesAlone() {
        assertThat(TemperatureFit.fit(new double[] {0.2, 0.9}, new boolean[] {false, false}))
                .isEqualTo(1.0);
        assertThat(TemperatureFit.fit(new double[] {}, new boolean[] {})).isEqualTo(1.0);
    }

    @Test
    void perfectlySeparatedScoresSharpenToTheBound() {
        double t = TemperatureFit.fit(new double[] {0.6, 0.7, 0.3, 0.4}, new boolean[] {true, true, false, false});
        assertThat(t).isCloseTo(TemperatureFit.MIN_TEMPERATURE, within(1e-3));
    }
}
