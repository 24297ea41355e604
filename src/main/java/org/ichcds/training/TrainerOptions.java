package org.ichcds.training;

/**
 * Optimisation settings.
 *
 * @param learningRate Adam step size
 * @param seed initial weights depend only on this
 * @param detectionWeight weight of the YOLO loss beside the classification loss
 * @param bnMomentum decay of the batch-norm moving averages (Keras default 0.99)
 * @param threads TensorFlow intra-op threads, 0 = one per core
 * @param detectorOnly train the detection head alone: the backbone and the classifier keep their weights and their
 *     batch-norm averages, so the probabilities and embeddings stay as they were
 * @param iouLossWeight weight of the GIoU term of the detector's loss, 0 for the YOLO v1 loss alone
 * @param objectnessTarget what a responsible cell's objectness is trained towards
 */
public record TrainerOptions(
        float learningRate,
        long seed,
        float detectionWeight,
        float bnMomentum,
        int threads,
        boolean detectorOnly,
        float iouLossWeight,
        ObjectnessTarget objectnessTarget) {

    /** Every layer trained, the YOLO v1 loss alone. */
    public TrainerOptions(float learningRate, long seed, float detectionWeight, float bnMomentum, int threads) {
        this(learningRate, seed, detectionWeight, bnMomentum, threads, false, 0f);
    }

    /** Objectness trained towards presence. */
    public TrainerOptions(
            float learningRate,
            long seed,
            float detectionWeight,
            float bnMomentum,
            int threads,
            boolean detectorOnly,
            float iouLossWeight) {
        this(
                learningRate,
                seed,
                detectionWeight,
                bnMomentum,
                threads,
                detectorOnly,
                iouLossWeight,
                ObjectnessTarget.PRESENCE);
    }

    public TrainerOptions {
        java.util.Objects.requireNonNull(objectnessTarget, "objectnessTarget");
        if (!(iouLossWeight >= 0 && iouLossWeight <= 100)) {
            throw new IllegalArgumentException("IoU loss weight " + iouLossWeight + " is outside 0..100");
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate " + learningRate + " is outside (0, 1)");
        }
        if (!(detectionWeight >= 0) || !(bnMomentum >= 0 && bnMomentum < 1) || threads < 0) {
            throw new IllegalArgumentException("detection weight " + detectionWeight + ", batch-norm momentum "
                    + bnMomentum + " or threads " + threads + " is out of range");
        }
    }

    /** Adam at 1e-3 (Kingma and Ba 2015), seed 42, detection weight 1, momentum 0.99. */
    public static TrainerOptions defaults() {
        return new TrainerOptions(1e-3f, 42, 1f, 0.99f, 0);
    }

    TrainerOptions withLearningRate(float rate) {
        return new TrainerOptions(
                rate, seed, detectionWeight, bnMomentum, threads, detectorOnly, iouLossWeight, objectnessTarget);
    }

    TrainerOptions withBnMomentum(float momentum) {
        return new TrainerOptions(
                learningRate, seed, detectionWeight, momentum, threads, detectorOnly, iouLossWeight, objectnessTarget);
    }

    /** Whether a variable or batch norm of this name is trained: all of them, or the detector's alone. */
    boolean trains(String name) {
        return !detectorOnly || isDetectorLayer(name);
    }

    /** Whether a variable or layer of this name belongs to the detection head. */
    static boolean isDetectorLayer(String name) {
        return name.startsWith(DETECTOR_PREFIX);
    }

    /** The names of the detection head's layers start with this; no other layer's does. */
    static final String DETECTOR_PREFIX = "detector_";
}
