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
        ThresholdChoice c =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.EDGE);
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
        ThresholdChoice c =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.EDGE);
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
        ThresholdChoice c = ThresholdChoice.choose(positives, negatives, OperatingPoint.ANY, ThresholdPlacement.EDGE);
        // 95 % of 10 positives: floor(0.5) = 0, the lowest positive
        assertThat(c.threshold()).isCloseTo(0.1, within(1e-12));
        assertThat(c.sensitivity()).isEqualTo(1.0);
        assertThat(c.specificity()).isZero();
        assertThat(c.specificityShortfall()).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void aLabelWithoutPositivesKeepsTheUntunedThreshold() {
        ThresholdChoice c = ThresholdChoice.choose(
                new double[0], range(0.1, 0.1, 5), OperatingPoint.SUBTYPE, ThresholdPlacement.EDGE);
        assertThat(c.threshold()).isEqualTo(ThresholdChoice.UNTUNED);
        assertThat(c.sensitivity()).isNaN();
        assertThat(c.positives()).isZero();
    }

    @Test
    void theMarginPlacementLowersTheThresholdWhileSpecificityHasRoomToGive() {
        // 20 positives 0.50 .. 0.69, 100 negatives 0.000 .. 0.594: the edge keeps 18 positives (0.52) and calls 13
        // negatives (0.522 .. 0.594)
        double[] positives = range(0.50, 0.01, 20);
        double[] negatives = range(0.00, 0.006, 100);
        ThresholdChoice edge =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.EDGE);
        ThresholdChoice margin =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.MARGIN);
        assertThat(edge.threshold()).isCloseTo(0.52, within(1e-12));
        assertThat(edge.sensitivity()).isEqualTo(0.9);
        assertThat(edge.specificity()).isCloseTo(0.87, within(1e-12));
        // at 0.50 every positive: (1.0 - 0.9) / sqrt(0.09 / 20) = 1.49 errors over the target, and specificity 0.84,
        // (0.84 - 0.8) / sqrt(0.16 / 100) = 1.0 over the floor; at 0.51, 0.95 is 0.75 errors over the target
        assertThat(margin.threshold()).isCloseTo(0.50, within(1e-12));
        assertThat(margin.sensitivity()).isEqualTo(1.0);
        assertThat(margin.specificity()).isCloseTo(0.84, within(1e-12));
        assertThat(margin.met()).isTrue();
    }

    @Test
    void theMarginPlacementBalancesBothMarginsInStandardErrors() {
        // 40 positives 0.35 .. 0.74, 400 negatives 0 .. 0.4389; errors: sqrt(0.09 / 40) = 0.047 on sensitivity,
        // sqrt(0.16 / 400) = 0.02 on specificity. Threshold: sensitivity, specificity, their margins in errors:
        // 0.39 (edge) 0.900 0.8875 (0, 4.4); 0.38 0.925 0.865 (0.53, 3.3); 0.37 0.950 0.8425 (1.05, 2.1);
        // 0.36 0.975 0.820 (1.58, 1.0); 0.35 1.000 0.7975 (below the floor)
        double[] positives = range(0.35, 0.01, 40);
        double[] negatives = range(0.00, 0.0011, 400);
        ThresholdChoice edge =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.EDGE);
        ThresholdChoice margin =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.MARGIN);
        assertThat(edge.threshold()).isCloseTo(0.39, within(1e-12));
        assertThat(edge.specificity()).isCloseTo(0.8875, within(1e-12));
        assertThat(margin.threshold()).isCloseTo(0.37, within(1e-12));
        assertThat(margin.sensitivity()).isCloseTo(0.95, within(1e-12));
        assertThat(margin.specificity()).isCloseTo(0.8425, within(1e-12));
    }

    @Test
    void theMarginPlacementKeepsTheEdgeWhenOnlyItMeetsBoth() {
        // the edge (0.55, 9 of 10 positives) calls exactly the 2 of 10 negatives the floor allows: nothing lower meets
        // it
        double[] positives = range(0.50, 0.05, 10); // 0.50 .. 0.95
        double[] negatives = range(0.10, 0.05, 10); // 0.10 .. 0.55
        ThresholdChoice edge =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.EDGE);
        ThresholdChoice margin =
                ThresholdChoice.choose(positives, negatives, OperatingPoint.SUBTYPE, ThresholdPlacement.MARGIN);
        assertThat(margin).isEqualTo(edge);
    }

    @Test
    void placementsAreNamedByTheirCodes() {
        assertThat(ThresholdPlacement.fromCode("margin")).isEqualTo(ThresholdPlacement.MARGIN);
        assertThat(ThresholdPlacement.fromCode("edge")).isEqualTo(ThresholdPlacement.EDGE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ThresholdPlacement.fromCode("middle"))
                .hasMessageContaining("edge, margin");
    }
}
