package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionIntervalTest {

    @Test
    void wilsonsIntervalHasItsTabulatedBounds() {
        // 8 of 10: 0.490 to 0.943, the textbook example (Newcombe 1998, method 3)
        ProportionInterval eight = ProportionInterval.wilson(8, 10).orElseThrow();
        assertThat(eight.low()).isCloseTo(0.4902, within(1e-4));
        assertThat(eight.high()).isCloseTo(0.9433, within(1e-4));
    }

    @Test
    void allOrNoneKeepAWidthAndStayWithinZeroAndOne() {
        ProportionInterval none = ProportionInterval.wilson(0, 10).orElseThrow();
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.2775, within(1e-4));
        ProportionInterval all = ProportionInterval.wilson(2, 2).orElseThrow();
        assertThat(all.low()).isCloseTo(0.3424, within(1e-4));
        assertThat(all.high()).isEqualTo(1.0);
        // more cases, narrower: 34 of 34 against 2 of 2
        assertThat(ProportionInterval.wilson(34, 34).orElseThrow().low()).isGreaterThan(0.89);
    }

    @Test
    void noTrialsGiveNoIntervalAndImpossibleCountsAreRefused() {
        assertThat(ProportionInterval.wilson(0, 0)).isEmpty();
        assertThatThrownBy(() -> ProportionInterval.wilson(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionInterval.wilson(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
