package org.ichcds.training.sequence;

import java.util.List;

/**
 * Shape and training settings of a sequence head.
 *
 * @param embeddingWidth {@code E}, the width of the slice network's {@code embeddings}
 * @param hiddenWidth channels of the temporal convolutions
 * @param kernels the temporal convolutions' sizes along the slices, in order: the first reads the embeddings, each
 *     further one is added as a residual; each slice sees {@code sum((k - 1) / 2)} neighbours on each side
 * @param mean per-feature mean of the training embeddings, subtracted before the first convolution
 * @param scale per-feature standard deviation of the training embeddings (at least 1e-3), divided by
 * @param learningRate Adam step size
 * @param seed initial weights and the order of the training series depend only on this
 * @param threads TensorFlow intra-op threads, 0 = one per core
 * @param fixedSliceRead the linear read of each slice's own embedding stays the slice network's classifier (it is
 *     not trained): the head is the slice network plus what the neighbours add, a correction that starts at zero
 * @param correctionPenalty weight of the mean squared correction (the neighbours' contribution to the slice logits)
 *     added to the training loss, pulling the head back to the slice network where the data does not pay for a
 *     change; 0 for none
 */
public record SequenceHeadConfig(
        int embeddingWidth,
        int hiddenWidth,
        List<Integer> kernels,
        float[] mean,
        float[] scale,
        float learningRate,
        long seed,
        int threads,
        boolean fixedSliceRead,
        float correctionPenalty) {

    /** Two convolutions of three slices: two neighbours on each side. */
    public static final List<Integer> DEFAULT_KERNELS = List.of(3, 3);

    private static final float MIN_SCALE = 1e-3f;

    public SequenceHeadConfig {
        if (embeddingWidth < 1 || hiddenWidth < 1 || threads < 0) {
            throw new IllegalArgumentException("embedding width " + embeddingWidth + ", hidden width " + hiddenWidth
                    + " or threads " + threads + " out of range");
        }
        kernels = requireKernels(kernels);
        if (mean.length != embeddingWidth || scale.length != embeddingWidth) {
            throw new IllegalArgumentException(
                    "mean and scale need " + embeddingWidth + " values, got " + mean.length + " and " + scale.length);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate " + learningRate + " is outside (0, 1)");
        }
        requirePenalty(correctionPenalty);
        mean = mean.clone();
        scale = scale.clone();
        for (int i = 0; i < scale.length; i++) {
            scale[i] = Math.max(MIN_SCALE, scale[i]);
        }
    }

    /**
     * Settings standardising by the mean and standard deviation of the given series' embeddings.
     *
     * @param hiddenWidth channels of the temporal convolutions (64 in this project)
     */
    public static SequenceHeadConfig fitted(
            List<SeriesSample> series, int hiddenWidth, float learningRate, long seed, int threads) {
        return fitted(series, hiddenWidth, DEFAULT_KERNELS, learningRate, seed, threads);
    }

    /** As {@link #fitted(List, int, float, long, int)}, with these convolution sizes. */
    public static SequenceHeadConfig fitted(
            List<SeriesSample> series,
            int hiddenWidth,
            List<Integer> kernels,
            float learningRate,
            long seed,
            int threads) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a sequence head needs at least one training series");
        }
        int width = series.get(0).embeddingWidth();
        double[] sum = new double[width];
        double[] squares = new double[width];
        long count = 0;
        for (SeriesSample s : series) {
            float[] e = s.embeddings();
            for (int i = 0; i < s.slices(); i++) {
                for (int f = 0; f < width; f++) {
                    double v = e[i * width + f];
                    sum[f] += v;
                    squares[f] += v * v;
                }
            }
            count += s.slices();
        }
        float[] mean = new float[width];
        float[] scale = new float[width];
        for (int f = 0; f < width; f++) {
            double m = sum[f] / count;
            mean[f] = (float) m;
            scale[f] = (float) Math.sqrt(Math.max(0, squares[f] / count - m * m));
        }
        return new SequenceHeadConfig(width, hiddenWidth, kernels, mean, scale, learningRate, seed, threads, false, 0f);
    }

    /**
     * These settings with the slice's own read fixed or trained, and with this weight of the correction penalty.
     *
     * @see #fixedSliceRead()
     * @see #correctionPenalty()
     */
    public SequenceHeadConfig anchored(boolean fixedRead, float penalty) {
        return new SequenceHeadConfig(
                embeddingWidth, hiddenWidth, kernels, mean, scale, learningRate, seed, threads, fixedRead, penalty);
    }

    /**
     * The sizes, checked: at least one, each odd, from 1 to 63.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static List<Integer> requireKernels(List<Integer> kernels) {
        if (kernels == null
                || kernels.isEmpty()
                || kernels.stream().anyMatch(k -> k == null || k < 1 || k % 2 == 0 || k > 63)) {
            throw new IllegalArgumentException("temporal convolution sizes " + kernels
                    + ": give at least one, each odd (a slice in the middle), from 1 to 63");
        }
        return List.copyOf(kernels);
    }

    /**
     * The correction penalty, checked: at least 0 and finite.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static float requirePenalty(float penalty) {
        if (!(penalty >= 0 && penalty < 1e6f)) {
            throw new IllegalArgumentException(
                    "correction penalty " + penalty + " must be at least 0 (0 for none) and finite");
        }
        return penalty;
    }

    /**
     * Checks that a fixed slice read has the slice classifier to keep.
     *
     * @param fromClassifier whether the head starts from the slice network's classifier
     * @throws IllegalArgumentException when the read is fixed and the head starts from random weights
     */
    public static void requireStart(boolean fixedSliceRead, boolean fromClassifier) {
        if (fixedSliceRead && !fromClassifier) {
            throw new IllegalArgumentException("a fixed slice read keeps the slice network's classifier, so the head"
                    + " must start from it: leave out the random start (--random-init)");
        }
    }

    /** {@code 1 / scale} per feature. */
    float[] inverseScale() {
        float[] inverse = new float[scale.length];
        for (int i = 0; i < scale.length; i++) {
            inverse[i] = 1f / scale[i];
        }
        return inverse;
    }

    /** A one-line description for the manifest. */
    String describe() {
        String convolutions = kernels.equals(DEFAULT_KERNELS)
                ? "2 x [3x1] conv " + hiddenWidth
                : kernels.stream().map(k -> "[" + k + "x1]").collect(java.util.stream.Collectors.joining(", "))
                        + " conv " + hiddenWidth;
        String read = fixedSliceRead
                ? "the slice network's own classifier read of each slice (fixed)"
                : "linear read of each slice";
        String penalty = correctionPenalty > 0
                ? String.format(java.util.Locale.ROOT, "; mean squared correction penalised (%g)", correctionPenalty)
                : "";
        return "temporal conv over slices: " + read + " + " + convolutions
                + " + ReLU (residual) and [1x1] conv to slice logits; study logit = max over slices; input embeddings"
                + " width " + embeddingWidth + penalty;
    }
}
