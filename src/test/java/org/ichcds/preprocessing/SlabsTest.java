package org.ichcds.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.ichcds.dicom.CtVolume;
import org.junit.jupiter.api.Test;

class SlabsTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    /** Slices 4×4 at z = i × spacing, every pixel of slice i holding {@code values[i]}. */
    private static CtVolume volume(double spacing, double[] orientation, int... values) {
        List<CtVolume.CtSlice> slices = new ArrayList<>();
        double[] normal = {
            orientation[1] * orientation[5] - orientation[2] * orientation[4],
            orientation[2] * orientation[3] - orientation[0] * orientation[5],
            orientation[0] * orientation[4] - orientation[1] * orientation[3]
        };
        for (int i = 0; i < values.length; i++) {
            short[] hu = new short[16];
            java.util.Arrays.fill(hu, (short) values[i]);
            double d = i * spacing;
            slices.add(new CtVolume.CtSlice(
                    "1.2.3." + i,
                    i + 1,
                    new double[] {10 + d * normal[0], -5 + d * normal[1], 30 + d * normal[2]},
                    hu));
        }
        return new CtVolume("1.2", "1.2.1", 4, 4, 0.5, 0.5, spacing, spacing, orientation, slices);
    }

    @Test
    void averagesTheSlicesWhoseCentresLieInTheSlab() {
        CtVolume v = volume(1.2, AXIAL, 0, 30, 60, 90, 120, 150);
        // 3 mm slab over slices 1.2 mm apart: centres within 1.5 mm, so one neighbour each side
        Slabs slabs = Slabs.of(v, 3, SlabMode.MEAN);
        assertThat(slabs.width(2)).isEqualTo(3);
        assertThat(slabs.hu(2)[0]).isEqualTo((short) 60);
        assertThat(slabs.hu(3)[5]).isEqualTo((short) 90);
        // the first and last slices average the neighbours they have
        assertThat(slabs.width(0)).isEqualTo(2);
        assertThat(slabs.hu(0)[0]).isEqualTo((short) 15);
        assertThat(slabs.hu(5)[0]).isEqualTo((short) 135);
        // a 5 mm slab reaches two slices each side, and a 7.2 mm one three (the edge counts)
        assertThat(Slabs.of(v, 5, SlabMode.MEAN).width(2)).isEqualTo(5);
        Slabs thick = Slabs.of(v, 7.2, SlabMode.MEAN);
        assertThat(thick.width(3)).isEqualTo(6);
        assertThat(thick.hu(3)[0]).isEqualTo((short) 75);
    }

    @Test
    void roundsTheMeanToTheNearestHu() {
        CtVolume v = volume(1.0, AXIAL, -1024, -1023, -1023);
        assertThat(Slabs.of(v, 3, SlabMode.MEAN).hu(1)[0]).isEqualTo((short) -1023);
        CtVolume w = volume(1.0, AXIAL, 10, 11, 11);
        assertThat(Slabs.of(w, 3, SlabMode.MEAN).hu(1)[0]).isEqualTo((short) 11);
        assertThat(Slabs.of(w, 3, SlabMode.MEAN).hu(0)[0]).isEqualTo((short) 11); // 10.5 rounds up
    }

    @Test
    void aMedianSlabKeepsAStructureEndingInsideItAtItsOwnDensityOrNone() {
        // a calcification (300 HU) in two slices of brain (35 HU): the mean blends it into blood's density, the
        // median keeps it or drops it
        CtVolume v = volume(1.2, AXIAL, 35, 35, 300, 300, 35, 35);
        Slabs mean = Slabs.of(v, 3, SlabMode.MEAN);
        Slabs median = Slabs.of(v, 3, SlabMode.MEDIAN);
        assertThat(mean.hu(1)[0]).isEqualTo((short) 123);
        assertThat(median.hu(1)[0]).isEqualTo((short) 35);
        assertThat(median.hu(2)[0]).isEqualTo((short) 300);
        assertThat(median.hu(4)[0]).isEqualTo((short) 35);
        // two slices at the edge: the mean of the middle two, rounded
        assertThat(median.hu(0)[7]).isEqualTo((short) 35);
        CtVolume edge = volume(1.2, AXIAL, 10, 21, 0);
        assertThat(Slabs.of(edge, 3, SlabMode.MEDIAN).hu(0)[0]).isEqualTo((short) 16);
        assertThat(Slabs.of(edge, 3, SlabMode.MEDIAN).hu(1)[0]).isEqualTo((short) 10);
    }

    @Test
    void keepsSlicesSpacedMoreThanHalfTheSlabApartAndNoSlabAtAll() {
        CtVolume thick = volume(1.6, AXIAL, 0, 40, 80);
        CtVolume thin = volume(0.625, AXIAL, 0, 40, 80);
        CtVolume single = volume(1.0, AXIAL, 7);
        for (int s = 0; s < 3; s++) {
            assertThat(Slabs.of(thick, 3, SlabMode.MEAN).width(s)).isEqualTo(1);
            assertThat(Slabs.of(thin, 0, SlabMode.MEAN).width(s)).isEqualTo(1);
            // the slice's own array, not a copy
            assertThat(Slabs.of(thick, 3, SlabMode.MEAN).hu(s))
                    .isSameAs(thick.slices().get(s).hu());
            assertThat(Slabs.of(thin, 0, SlabMode.MEAN).hu(s))
                    .isSameAs(thin.slices().get(s).hu());
        }
        assertThat(Slabs.of(single, 5, SlabMode.MEDIAN).hu(0))
                .isSameAs(single.slices().get(0).hu());
    }

    @Test
    void measuresDistanceAlongTheSliceNormalOfATiltedOrSagittalSeries() {
        // sagittal: rows along y, columns along z, so slices step along x
        double[] sagittal = {0, 1, 0, 0, 0, -1};
        CtVolume v = volume(1.0, sagittal, 0, 30, 60, 90);
        Slabs slabs = Slabs.of(v, 3, SlabMode.MEAN);
        assertThat(slabs.width(1)).isEqualTo(3);
        assertThat(slabs.hu(1)[0]).isEqualTo((short) 30);
        double c = Math.cos(Math.toRadians(20));
        double s = Math.sin(Math.toRadians(20));
        CtVolume tilted = volume(0.75, new double[] {1, 0, 0, 0, c, s}, 0, 30, 60, 90, 120);
        assertThat(Slabs.of(tilted, 3, SlabMode.MEAN).width(2)).isEqualTo(5);
        assertThat(Slabs.of(tilted, 3, SlabMode.MEAN).hu(2)[0]).isEqualTo((short) 60);
    }

    @Test
    void directionCosinesOfAnotherLengthDoNotStretchTheSlabAndParallelOnesLeaveTheSlices() {
        CtVolume unit = volume(1.2, AXIAL, 0, 30, 60, 90, 120);
        // the same slices, their orientation written with cosines a tenth as long (the normal a hundredth)
        CtVolume shrunk = new CtVolume(
                "1.2", "1.2.1", 4, 4, 0.5, 0.5, 1.2, 1.2, new double[] {0.1, 0, 0, 0, 0.1, 0}, unit.slices());
        for (int s = 0; s < 5; s++) {
            assertThat(Slabs.of(shrunk, 3, SlabMode.MEAN).width(s))
                    .isEqualTo(Slabs.of(unit, 3, SlabMode.MEAN).width(s));
        }
        assertThat(Slabs.of(shrunk, 3, SlabMode.MEAN).width(2)).isEqualTo(3);
        CtVolume parallel =
                new CtVolume("1.2", "1.2.1", 4, 4, 0.5, 0.5, 1.2, 1.2, new double[] {1, 0, 0, 1, 0, 0}, unit.slices());
        assertThat(Slabs.of(parallel, 10, SlabMode.MEAN).width(2)).isEqualTo(1);
        assertThat(Slabs.of(parallel, 10, SlabMode.MEAN).hu(2))
                .isSameAs(unit.slices().get(2).hu());
    }

    @Test
    void thePreprocessorReadsSlabsAndOtherwiseTheSlicesAsTheyAre() {
        CtVolume v = volume(1.25, AXIAL, 0, 30, 60, 90, 120, 150);
        PreprocessingSettings plain = PreprocessingSettings.defaults();
        PreprocessingSettings slab =
                new PreprocessingSettings(plain.inputSize(), false, plain.channels(), 3, SlabMode.MEAN);
        ModelInput asIs = new Preprocessor(plain).preprocess(v);
        ModelInput slabbed = new Preprocessor(slab).preprocess(v);
        CtVolume averaged = volume(1.25, AXIAL, 15, 30, 60, 90, 120, 135);
        ModelInput expected = new Preprocessor(plain).preprocess(averaged);
        assertThat(slabbed.slices()).isEqualTo(6);
        int differ = -1;
        for (int i = 0; i < expected.data().length && differ < 0; i++) {
            if (Float.compare(slabbed.data()[i], expected.data()[i]) != 0) {
                differ = i;
            }
        }
        assertThat(differ)
                .as("first differing value, of " + expected.data().length)
                .isEqualTo(-1);
        assertThat(java.util.Arrays.equals(slabbed.data(), asIs.data())).isFalse();
    }

    @Test
    void refusesASlabOutsideItsRange() {
        PreprocessingSettings d = PreprocessingSettings.defaults();
        assertThatThrownBy(() -> new PreprocessingSettings(256, false, d.channels(), 0.5, null))
                .hasMessageContaining("slab must be 0 (none) or in [1, 10.0] mm, was 0.5");
        assertThatThrownBy(() -> new PreprocessingSettings(256, false, d.channels(), 11, null))
                .hasMessageContaining("was 11");
        assertThatThrownBy(() -> new PreprocessingSettings(256, false, d.channels(), Double.NaN, SlabMode.MEDIAN))
                .hasMessageContaining("was NaN");
        assertThat(new PreprocessingSettings(256, false, d.channels(), 3, null).slabMode())
                .isEqualTo(SlabMode.MEAN);
        assertThat(d.slabMm()).isZero();
    }
}
