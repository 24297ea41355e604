package org.ichcds.training.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdChoiceTest {

    private static double[] range(double from, double step, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = from + i * step;
        }
        return out;
    }

    @Test
    void reachableTargetsGiveTheMostSpecificSensitiveThreshold() {
        double[] positives = range(0.50, 0.05, 10); // 0.50 .. 0.95
        double[] negatives = range(0.00, 0.05, 10); // 0.00 .. 0.45
        ThresholdChoice c = ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE);
        // 90 % of 10 positives: the second lowest positive, 0.55
        assertThat(c.threshold()).isCloseTo(0.55, within(1e-12));
        assertThat(c.sensitivity()).isEqualTo(0.9);
        assertThat(c.specificity()).isEqualTo(1.0);
        assertThat(c.met()).isTrue();
        assertThat(c.sensitivityShortfall()).isZero();
    }

    @Test
    void anUnreachableSubtypeKeepsTheSpecificityFloorAndReportsTheShortfall() {
        double[] positives = range(0.10, 0.10, 10); // 0.1 .. 1.0
        double[] negatives = range(0.50, 0.05, 10); // 0.50 .. 0.95
        ThresholdChoice c = ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE);
        // at most 2 of 10 negatives at or above: just above the third highest negative, 0.85
        assertThat(c.threshold()).isGreaterThan(0.85).isLessThan(0.8501);
        assertThat(c.specificity()).isEqualTo(0.8);
        // positives at or above: 0.9, 1.0 (clipped to 1 - 1e-6 as the threshold limit does not touch them)
        assertThat(c.sensitivity()).isCloseTo(0.2, within(1e-12));
        assertThat(c.met()).isFalse();
        assertThat(c.sensitivityShortfall()).isCloseTo(0.7, within(1e-12));
        assertThat(c.specificityShortfall()).isZero();
    }

    @Test
    void anUnreachableAnyKeepsTheSensitivityAndReportsTheSpecificityShortfall() {
        double[] positives = range(0.10, 0.10, 10);
        double[] negatives = range(0.50, 0.05, 10);
        ThresholdChoice c = ThresholdChoice.choose(positives, negatives, OperatingPoint.ANY);
        // 95 % of 10 positives: floor(0.5) = 0, the lowest positive
        assertThat(c.threshold()).isCloseTo(0.1, within(1e-12));
        assertThat(c.sensitivity()).isEqualTo(1.0);
        assertThat(c.specificity()).isZero();
        assertThat(c.specificityShortfall()).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void aLabelWithoutPositivesKeepsTheUntunedThreshold() {
        ThresholdChoice c = ThresholdChoice.choose(new double[0], range(0.1, 0.1, 5), OperatingPoint.SUBTYPE);
        assertThat(c.threshold()).isEqualTo(ThresholdChoice.UNTUNED);
        assertThat(c.sensitivity()).isNaN();
        assertThat(c.positives()).isZero();
    }
}
