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
 */
public record PreprocessingSettings(int inputSize, boolean sliceContext, List<WindowChannel> channels) {

    static final int DEFAULT_INPUT_SIZE = 256;

    public PreprocessingSettings {
        if (inputSize < 16 || inputSize > 2048) {
            throw new IllegalArgumentException("input size must be in [16, 2048], was " + inputSize);
        }
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one window channel is needed");
        }
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
    int channelCount() {
        return channels.size() * (sliceContext ? 3 : 1);
    }
}
