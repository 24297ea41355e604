package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on volumes built from a {@link TestSeries}. */
public final class VolumeChecks {

    private VolumeChecks() {}

    /** Every voxel equals the HU of the stored value the test series wrote there. */
    public static void assertVoxelsMatch(TestSeries series, CtVolume volume) {
        for (int s = 0; s < series.slices; s++) {
            short[] hu = volume.slices().get(s).hu();
            for (int r = 0; r < series.rows; r++) {
                for (int c = 0; c < series.columns; c++) {
                    long expected = Math.round(series.storedValue(s, r, c) * series.slope + series.intercept);
                    assertThat(hu[r * series.columns + c])
                            .as("slice %d row %d column %d", s, r, c)
                            .isEqualTo(HounsfieldUnits.clamp(expected));
                }
            }
        }
    }
}
