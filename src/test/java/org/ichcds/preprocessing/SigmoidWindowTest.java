package org.ichcds.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SigmoidWindowTest {

    @Test
    void matchesTheReferenceVectors() {
        assertThat(SigmoidWindow.BRAIN.apply(60)).isCloseTo(0.94095898, within(1e-8));
        assertThat(SigmoidWindow.BRAIN.apply(40)).isCloseTo(0.5, within(1e-12));
        assertThat(SigmoidWindow.BRAIN.apply(0)).isCloseTo(1 / 255.0, within(1e-12));
        assertThat(SigmoidWindow.SUBDURAL.apply(180)).isCloseTo(254 / 255.0, within(1e-12));
        assertThat(SigmoidWindow.BONE.apply(-800)).isCloseTo(1 / 255.0, within(1e-12));
        assertThat(SigmoidWindow.BONE.apply(2000)).isCloseTo(254 / 255.0, within(1e-12));
    }

    @Test
    void tableAgreesWithTheFormulaOverTheWholeHuRange() {
        float[] table = SigmoidWindow.SUBDURAL.table();
        assertThat(table).hasSize(4096);
        assertThat((double) table[-20 + 1024]).isCloseTo(1 / 255.0, within(1e-7));
        assertThat((double) table[80 + 1024]).isCloseTo(0.5, within(1e-7));
    }

    @Test
    void rejectsANonPositiveWidth() {
        assertThatThrownBy(() -> new SigmoidWindow("x", 40, 0)).hasMessageContaining("was 0");
    }
}
