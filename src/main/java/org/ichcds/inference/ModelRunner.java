package org.ichcds.inference;

import java.util.List;

/**
 * Runs the hemorrhage model on preprocessed slices. Implementations: in-process TensorFlow
 * ({@link TensorFlowModelRunner}), a remote model server, or a fake in tests that are not about the model.
 * Implementations are safe to call from many threads.
 */
public interface ModelRunner extends AutoCloseable {

    /** The manifest of the model being served: labels, input size, windows, thresholds. */
    ModelManifest manifest();

    /**
     * Predicts every slice of a stack.
     *
     * @param nhwc {@code count × height × width × 3} floats in [0, 1], the three sigmoid windows of the contract
     * @param count number of slices
     * @param height slice height, equal to the manifest's input height
     * @param width slice width, equal to the manifest's input width
     * @return one prediction per slice, in input order
     */
    List<SlicePrediction> predict(float[] nhwc, int count, int height, int width);

    /**
     * Predicts a whole series, slices in slice order. A model with a sequence head refines the slice probabilities
     * over their neighbours and gives study probabilities of its own; otherwise this is {@link #predict} alone.
     *
     * @param nhwc {@code count × height × width × 3} floats, the series' slices in slice order
     */
    default SeriesPrediction predictSeries(float[] nhwc, int count, int height, int width) {
        return SeriesPrediction.ofSlices(predict(nhwc, count, height, width));
    }

    @Override
    default void close() {}
}
