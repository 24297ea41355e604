package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HounsfieldUnitsTest {

    @Test
    void appliesSlopeAndIntercept() {
        short[] hu = HounsfieldUnits.convert(new short[] {0, 1024, 1064, 2048}, 12, false, 1, -1024);
        assertThat(hu).containsExactly((short) -1024, (short) 0, (short) 40, (short) 1024);
    }

    @Test
    void appliesNonUnitSlope() {
        short[] hu = HounsfieldUnits.convert(new short[] {100, 600}, 16, true, 0.5, -100);
        assertThat(hu).containsExactly((short) -50, (short) 200);
    }

    @Test
    void readsSignedValuesAsTwosComplement() {
        short[] hu = HounsfieldUnits.convert(new short[] {-1000, -1, 40}, 16, true, 1, 0);
        assertThat(hu).containsExactly((short) -1000, (short) -1, (short) 40);
    }

    @Test
    void readsUnsigned16BitValuesAboveShortRange() {
        // 40000 stored unsigned is the Java short -25536
        short[] hu = HounsfieldUnits.convert(new short[] {(short) 40000}, 16, false, 0.1, -3000);
        assertThat(hu).containsExactly((short) 1000);
    }

    @Test
    void ignoresBitsAboveBitsStored() {
        // DICOM PS3.5 8.1.1: bits above the high bit are not part of the value (overlay or garbage)
        short[] hu = HounsfieldUnits.convert(new short[] {(short) 0xF000 | 1064}, 12, false, 1, -1024);
        assertThat(hu).containsExactly((short) 40);
    }

    @Test
    void signExtendsFromBitsStored() {
        // 12-bit two's complement 0xFFF is -1
        short[] hu = HounsfieldUnits.convert(new short[] {0x0FFF}, 12, true, 1, 0);
        assertThat(hu).containsExactly((short) -1);
    }

    @Test
    void undoesTheTwelveBitWrapWhenInterceptIsNearZero() {
        // raw 24 was HU 24; raw 3500 was HU -596 wrapped modulo 4096 after a +1000 shift
        assertThat(HounsfieldUnits.needsWrapFix(12, false, 0)).isTrue();
        short[] hu = HounsfieldUnits.convert(new short[] {24, 3500, 3096}, 12, false, 1, 0);
        assertThat(hu).containsExactly((short) 24, (short) -596, (short) -1000);
    }

    @Test
    void leavesOrdinaryTwelveBitSeriesAlone() {
        assertThat(HounsfieldUnits.needsWrapFix(12, false, -1024)).isFalse();
        assertThat(HounsfieldUnits.needsWrapFix(16, false, 0)).isFalse();
        assertThat(HounsfieldUnits.needsWrapFix(12, true, 0)).isFalse();
        assertThat(HounsfieldUnits.convert(new short[] {3500}, 12, false, 1, -1024))
                .containsExactly((short) 2476);
    }

    @Test
    void clampsToTheCtRange() {
        short[] hu = HounsfieldUnits.convert(new short[] {-3000, 5000, 32767}, 16, true, 1, 0);
        assertThat(hu).containsExactly(CtVolume.MIN_HU, CtVolume.MAX_HU, CtVolume.MAX_HU);
    }
}
