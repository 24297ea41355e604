package org.ichcds.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs epochs of training with a checkpoint after each, so that an interrupted run continues with {@code resume}
 * from the last completed epoch.
 */
public final class TrainingLoop {

    /** Progress callbacks; both default to doing nothing. */
    public interface Listener {
        default void step(int epoch, int index, int batches, LossValues loss) {}

        default void epoch(EpochResult result) {}

        /** Whether to stop after this epoch (early stopping); called after {@link #epoch}. Never, by default. */
        default boolean stopAfter(EpochResult result) {
            return false;
        }
    }

    private final Trainer trainer;
    private final Path checkpoints;
    private final Listener listener;
    private final BatchSource statistics;
    private final int statisticsBatches;

    public TrainingLoop(Trainer trainer, Path checkpoints, Listener listener) {
        this(trainer, checkpoints, listener, null, 0);
    }

    private TrainingLoop(
            Trainer trainer, Path checkpoints, Listener listener, BatchSource statistics, int statisticsBatches) {
        this.trainer = trainer;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.statistics = statistics;
        this.statisticsBatches = statisticsBatches;
    }

    /**
     * This loop, recomputing the batch-norm averages over {@code batches} batches of {@code source} after each epoch,
     * before its validation and checkpoint ({@link Trainer#recomputeBatchNormStatistics}); 0 batches: never.
     */
    public TrainingLoop recomputingBatchNorm(BatchSource source, int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("batch-norm batches " + batches + " must not be negative");
        }
        return new TrainingLoop(trainer, checkpoints, listener, batches == 0 ? null : source, batches);
    }

    /**
     * Trains up to {@code epochs} epochs in total. With 0 epochs nothing is trained: the start weights are validated
     * as epoch 0 (after the batch-norm recompute, when this loop has one) and saved as its checkpoint.
     *
     * @param validation inference-mode losses after each epoch; may be {@code null}
     * @param resume continue from the latest checkpoint; without it, a directory that already holds one is refused
     * @return the epochs run now (none when the checkpoint had already reached {@code epochs})
     */
    public List<EpochResult> run(BatchSource training, BatchSource validation, int epochs, boolean resume)
            throws IOException {
        if (epochs == 0) {
            if (resume) {
                throw new IllegalArgumentException("0 epochs leave nothing to resume: the start weights are kept");
            }
            startEpoch(false);
            return List.of(startWeights(validation));
        }
        if (epochs < 1 || training.batchCount() < 1) {
            throw new IllegalArgumentException(
                    "training needs at least one epoch and one batch, got " + epochs + " and " + training.batchCount());
        }
        int done = startEpoch(resume);
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = done + 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            LossValues trainLoss = trainEpoch(training, epoch);
            if (statistics != null) {
                trainer.recomputeBatchNormStatistics(statistics, epoch, statisticsBatches);
            }
            LossValues validationLoss = validation == null ? null : validate(validation, epoch);
            trainer.saveCheckpoint(checkpoints, epoch);
            EpochResult result = new EpochResult(epoch, trainLoss, validationLoss, (System.nanoTime() - start) / 1e9);
            listener.epoch(result);
            results.add(result);
            if (listener.stopAfter(result)) {
                break;
            }
        }
        return results;
    }

    /** Epoch 0: the start weights, without a training step, validated and saved. */
    private EpochResult startWeights(BatchSource validation) throws IOException {
        long start = System.nanoTime();
        if (statistics != null) {
            trainer.recomputeBatchNormStatistics(statistics, 0, statisticsBatches);
        }
        LossValues validationLoss = validation == null ? null : validate(validation, 0);
        trainer.saveCheckpoint(checkpoints, 0);
        EpochResult result = new EpochResult(0, null, validationLoss, (System.nanoTime() - start) / 1e9);
        listener.epoch(result);
        return result;
    }

    private int startEpoch(boolean resume) throws IOException {
        if (resume) {
            return trainer.restoreLatestCheckpoint(checkpoints).orElse(0);
        }
        if (Files.exists(checkpoints.resolve(Checkpoints.STATE_FILE))) {
            throw new IllegalArgumentException("checkpoint directory " + checkpoints
                    + " already holds a run; resume it or choose another directory");
        }
        Files.createDirectories(checkpoints);
        return 0;
    }

    private LossValues trainEpoch(BatchSource source, int epoch) {
        LossMean mean = new LossMean();
        for (int i = 0; i < source.batchCount(); i++) {
            TrainingBatch batch = source.batch(epoch, i);
            LossValues loss = trainer.trainStep(batch);
            mean.add(loss, batch.count());
            listener.step(epoch, i, source.batchCount(), loss);
        }
        return mean.value();
    }

    private LossValues validate(BatchSource source, int epoch) {
        LossMean mean = new LossMean();
        for (int i = 0; i < source.batchCount(); i++) {
            TrainingBatch batch = source.batch(epoch, i);
            mean.add(trainer.validate(batch), batch.count());
        }
        return source.batchCount() == 0 ? null : mean.value();
    }

    /** Slice-weighted running mean of losses. */
    private static final class LossMean {
        private double total;
        private double classification;
        private double detection;
        private long slices;

        void add(LossValues loss, int count) {
            total += (double) loss.total() * count;
            classification += (double) loss.classification() * count;
            detection += (double) loss.detection() * count;
            slices += count;
        }

        LossValues value() {
            return new LossValues(
                    (float) (total / slices), (float) (classification / slices), (float) (detection / slices));
        }
    }
}
