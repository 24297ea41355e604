package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityTest {

    @Test
    void eceIsTheCaseWeightedGapBetweenProbabilityAndFrequency() {
        // 0.1 twice, never positive: gap 0.1 over half the cases; 0.9 twice, positive once: gap 0.4 over the other half
        double ece = Reliability.expectedCalibrationError(
                        new double[] {0.1, 0.1, 0.9, 0.9}, new boolean[] {false, false, true, false}, 15)
                .orElseThrow();
        assertThat(ece).isCloseTo(0.5 * 0.1 + 0.5 * 0.4, within(1e-12));
    }

    @Test
    void perfectlyCalibratedScoresHaveNoError() {
        double[] p = {0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75};
        boolean[] t = {true, false, false, false, true, true, true, false};
        assertThat(Reliability.expectedCalibrationError(p, t, 15).orElseThrow()).isCloseTo(0, within(1e-12));
    }

    @Test
    void binsAreEqualWidthAndOneFallsInTheLastBin() {
        List<Reliability.Bin> bins =
                Reliability.bins(new double[] {0.0, 1.0, 0.5}, new boolean[] {false, true, true}, 15);
        assertThat(bins).hasSize(15);
        assertThat(bins.get(0).count()).isEqualTo(1);
        assertThat(bins.get(14).count()).isEqualTo(1);
        assertThat(bins.get(14).fractionPositive()).isEqualTo(1.0);
        assertThat(bins.get(7).count()).isEqualTo(1); // 0.5 lies in [7/15, 8/15)
        assertThat(bins.get(3).meanProbability()).isNaN();
        assertThat(Reliability.expectedCalibrationError(new double[0], new boolean[0], 15))
                .isEmpty();
        assertThatThrownBy(() -> Reliability.bins(new double[] {0.1}, new boolean[0], 15))
                .hasMessageContaining("1 probabilities but 0 truths");
    }
}
