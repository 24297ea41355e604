package org.ichcds.inference;

/**
 * How {@link TensorFlowModelRunner} runs a model.
 *
 * @param batchSize slices per TensorFlow call; bounds the memory of one call
 * @param useGpu let TensorFlow place ops on a GPU (needs the {@code gpu} build); CPU only when false
 * @param threads TensorFlow intra-op threads, 0 = one per core
 * @param minBoxScore boxes scoring below this are not reported; {@code null}: the model's own ({@link
 *     ModelManifest#boxScoreShown()})
 * @param nmsIou IoU above which a lower-scoring box of the same subtype is suppressed
 */
public record RunnerOptions(int batchSize, boolean useGpu, int threads, Float minBoxScore, float nmsIou) {

    public RunnerOptions {
        if (batchSize < 1 || batchSize > 1024) {
            throw new IllegalArgumentException("batch size " + batchSize + " is outside 1..1024");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("thread count " + threads + " is negative");
        }
        if ((minBoxScore != null && !(minBoxScore >= 0f && minBoxScore <= 1f)) || !(nmsIou > 0f && nmsIou <= 1f)) {
            throw new IllegalArgumentException(
                    "box score " + minBoxScore + " or NMS IoU " + nmsIou + " is outside [0, 1]");
        }
    }

    /**
     * CPU, batches of 16 slices, boxes from the model's own minimum score (0.25 unless its manifest names one), NMS at
     * IoU 0.45 (the YOLOv5 default).
     */
    public static RunnerOptions defaults() {
        return new RunnerOptions(16, false, 0, null, 0.45f);
    }

    /** The box score from which {@code model}'s boxes are reported: this one when set, else the model's own. */
    public float minBoxScore(ModelManifest model) {
        return minBoxScore != null ? minBoxScore : model.boxScoreShown();
    }

    public RunnerOptions withBatchSize(int size) {
        return new RunnerOptions(size, useGpu, threads, minBoxScore, nmsIou);
    }

    public RunnerOptions withThreads(int count) {
        return new RunnerOptions(batchSize, useGpu, count, minBoxScore, nmsIou);
    }

    public RunnerOptions withMinBoxScore(float score) {
        return new RunnerOptions(batchSize, useGpu, threads, score, nmsIou);
    }
}
