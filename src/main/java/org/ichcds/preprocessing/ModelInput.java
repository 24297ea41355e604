package org.ichcds.preprocessing;

import java.util.List;

/**
 * A preprocessed volume: float32 NHWC data {@code [slices, size, size, channels]} in [0, 1], row-major in one
 * array (index {@code ((s * size + y) * size + x) * channels + c}), with each slice's coordinate transform and brain
 * mask.
 */
public record ModelInput(
        float[] data, int slices, int size, int channels, List<SliceTransform> transforms, List<BrainMask> brainMasks) {

    public float value(int slice, int y, int x, int channel) {
        return data[((slice * size + y) * size + x) * channels + channel];
    }

    /** Shape for the model's {@code image} input. */
    long[] shape() {
        return new long[] {slices, size, size, channels};
    }
}
