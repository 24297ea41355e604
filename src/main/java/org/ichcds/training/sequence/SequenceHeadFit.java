package org.ichcds.training.sequence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Trains a sequence head for a number of epochs (each epoch every training series once, one series per Adam step, in
 * a seeded shuffled order), scores the validation series before training and after each epoch, and leaves the trainer
 * holding the state with the lowest validation loss: epoch 0, the head as it started, when no epoch did better (a head
 * started from the slice classifier then predicts what the slice network alone does).
 */
public final class SequenceHeadFit {

    /** Receives each epoch's mean training and validation loss. */
    public interface Progress {
        void epoch(int epoch, double trainingLoss, double validationLoss);

        /** The validation loss of the head as it starts, before any step. */
        default void start(double validationLoss) {}
    }

    /**
     * What the fit did.
     *
     * @param bestEpoch the epoch kept (1-based; 0: the head as it started)
     * @param startValidationLoss mean validation loss before training
     * @param trainingLosses mean training loss per epoch
     * @param validationLosses mean validation loss per epoch
     */
    public record Result(
            int bestEpoch, double startValidationLoss, List<Double> trainingLosses, List<Double> validationLosses) {
        public double bestValidationLoss() {
            return bestEpoch == 0 ? startValidationLoss : validationLosses.get(bestEpoch - 1);
        }
    }

    private SequenceHeadFit() {}

    public static Result run(
            SequenceHeadTrainer trainer,
            List<SeriesSample> training,
            List<SeriesSample> validation,
            int epochs,
            Progress progress)
            throws IOException {
        if (epochs < 1 || training.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("a sequence head needs epochs >= 1 and training and validation series;"
                    + " got " + epochs + " epochs, " + training.size() + " and " + validation.size() + " series");
        }
        Random order = new Random(trainer.config().seed());
        List<SeriesSample> shuffled = new ArrayList<>(training);
        List<Double> trainingLosses = new ArrayList<>();
        List<Double> validationLosses = new ArrayList<>();
        Path scratch = Files.createTempDirectory("ichcds-sequence-best");
        Path best = scratch.resolve("best");
        int bestEpoch = 0;
        double startLoss;
        try {
            // inside the try, so a failing first pass leaves no scratch directory behind
            startLoss = meanLoss(trainer, validation);
            progress.start(startLoss);
            trainer.save(best);
            double bestLoss = startLoss;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                Collections.shuffle(shuffled, order);
                double sum = 0;
                for (SeriesSample series : shuffled) {
                    sum += trainer.trainStep(series);
                }
                trainingLosses.add(sum / shuffled.size());
                validationLosses.add(meanLoss(trainer, validation));
                progress.epoch(epoch, trainingLosses.get(epoch - 1), validationLosses.get(epoch - 1));
                // a NaN loss is never better, so a diverged epoch is never kept
                if (validationLosses.get(epoch - 1) < bestLoss || !Double.isFinite(bestLoss)) {
                    bestEpoch = epoch;
                    bestLoss = validationLosses.get(epoch - 1);
                    trainer.save(best);
                }
            }
            trainer.restore(best);
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return new Result(bestEpoch, startLoss, trainingLosses, validationLosses);
    }

    /** Mean loss over series, without training. */
    public static double meanLoss(SequenceHeadTrainer trainer, List<SeriesSample> series) {
        double sum = 0;
        for (SeriesSample s : series) {
            sum += trainer.loss(s);
        }
        return sum / series.size();
    }
}
