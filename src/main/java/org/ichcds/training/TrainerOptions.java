package org.ichcds.training;

/**
 * Optimisation settings.
 *
 * @param learningRate Adam step size
 * @param seed initial weights depend only on this
 * @param detectionWeight weight of the YOLO loss beside the classification loss
 * @param bnMomentum decay of the batch-norm moving averages (Keras default 0.99)
 * @param threads TensorFlow intra-op threads, 0 = one per core
 */
public record TrainerOptions(float learningRate, long seed, float detectionWeight, float bnMomentum, int threads) {

    public TrainerOptions {
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
        return new TrainerOptions(rate, seed, detectionWeight, bnMomentum, threads);
    }

    TrainerOptions withBnMomentum(float momentum) {
        return new TrainerOptions(learningRate, seed, detectionWeight, momentum, threads);
    }
}
