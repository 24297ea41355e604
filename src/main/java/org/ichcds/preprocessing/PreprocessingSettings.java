package org.ichcds.preprocessing;

import java.util.List;

/**
 * How CT volumes become model input.
 *
 * @param inputSize model input rows = columns (the head is scaled to fit, keeping its aspect ratio)
 * @param sliceContext when on, each slice also carries the channels of its two neighbours: channel order is
 *     previous slice's channels, this slice's, next slice's (edge slices repeat themselves), so 3 windows give 9
 *     channels
 * @param channels the windows, in channel order
 * @param slabMm when above 0, each slice is read as the mean (or median) of the slices whose centres lie within half
 *     of this thickness of its own, before the crop, mask and windows ({@link Slabs}); slices spaced further apart
 *     are read as they are. 0: every slice as it is
 * @param slabMode how a slab's slices become one: their mean or their median; {@code null} is the mean
 */
public record PreprocessingSettings(
        int inputSize, boolean sliceContext, List<WindowChannel> channels, double slabMm, SlabMode slabMode) {

    /** The thickest slab a model may ask for, in mm. */
    public static final double MAX_SLAB_MM = 10;

    static final int DEFAULT_INPUT_SIZE = 256;

    public PreprocessingSettings {
        if (inputSize < 16 || inputSize > 2048) {
            throw new IllegalArgumentException("input size must be in [16, 2048], was " + inputSize);
        }
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one window channel is needed");
        }
        slabMode = slabMode == null ? SlabMode.MEAN : slabMode;
        if (!(slabMm == 0 || isSlab(slabMm))) {
            throw new IllegalArgumentException(
                    "slab must be 0 (none) or in [1, " + MAX_SLAB_MM + "] mm, was " + slabMm);
        }
    }

    /** Whether a thickness, in mm, is one a slab may have: [1, {@link #MAX_SLAB_MM}]. */
    public static boolean isSlab(double mm) {
        return mm >= 1 && mm <= MAX_SLAB_MM;
    }

    /** Settings that read every slice as it is. */
    public PreprocessingSettings(int inputSize, boolean sliceContext, List<WindowChannel> channels) {
        this(inputSize, sliceContext, channels, 0, SlabMode.MEAN);
    }

    /** 256², no context, brain (40/80) and subdural (80/200) skull-stripped, bone (600/2800) whole. */
    public static PreprocessingSettings defaults() {
        return new PreprocessingSettings(
                DEFAULT_INPUT_SIZE,
                false,
                List.of(
                        new WindowChannel(SigmoidWindow.BRAIN, true),
                        new WindowChannel(SigmoidWindow.SUBDURAL, true),
                        new WindowChannel(SigmoidWindow.BONE, false)));
    }

    /** Channels per slice in the model input. */
    public int channelCount() {
        return channels.size() * (sliceContext ? 3 : 1);
    }
}
