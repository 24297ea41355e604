package org.ichcds.training.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ichcds.inference.Calibration;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.StudyPrediction;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.training.EpochResult;
import org.ichcds.training.LossValues;
import org.ichcds.training.ObjectnessTarget;
import org.ichcds.training.Trainer;
import org.ichcds.training.TrainerOptions;
import org.ichcds.training.TrainingBatch;
import org.ichcds.training.TrainingLoop;
import org.ichcds.training.calibration.ModelCalibration;
import org.ichcds.training.dataset.BalancedBatches;
import org.ichcds.training.dataset.DatasetIndex;
import org.ichcds.training.dataset.DatasetStudy;
import org.ichcds.training.dataset.OrderedBatches;
import org.ichcds.training.dataset.SliceSource;
import org.ichcds.training.dataset.Split;
import org.ichcds.training.evaluation.Metrics;

/**
 * A whole training run on an RSNA/BHX data set: index, load through the serving preprocessing, train with a
 * checkpoint per epoch and early stopping on the validation slice AUC or loss ({@link EpochSelection}), restore the
 * best epoch, calibrate the study probabilities and choose operating thresholds on the validation studies ({@link ModelCalibration}), and export a
 * sealed model directory.
 */
public final class TrainingRun {

    /** Progress callbacks; all default to doing nothing. */
    public interface Reporter {
        default void indexed(DatasetIndex index) {}

        default void loading(int studies) {}

        default void studyLoaded(int slices) {}

        default void loaded(SliceSource source, double seconds) {}

        /**
         * The weights of {@code --init-from} are in place: the backbone and classifier, and the detection heads {@code
         * restored} names; a head the model has in another shape, or not at all, starts from fresh weights.
         */
        default void initialised(Path model, Trainer.Restored restored) {}

        /** The start weights were then blended with another model's ({@link Trainer#blendWith}). */
        default void blended(Path model, float share) {}

        default void training(int epochs, int batchesPerEpoch, int slicesPerEpoch) {}

        default void step(int epoch, int index, int batches, LossValues loss) {}

        default void epoch(EpochSummary summary) {}

        /** Scoring the negative training slices for an epoch's hard negatives begins. */
        default void scoring(int epoch, int slices) {}

        /** {@code slices} more negatives scored. */
        default void scored(int slices) {}

        /** What an epoch's hard-negative mining chose. */
        default void mined(BalancedBatches.Mining mining) {}
    }

    /**
     * What the run produced.
     *
     * @param calibration the calibration and thresholds fitted on the validation studies, written into the manifest
     */
    public record Result(
            ModelManifest manifest,
            List<EpochSummary> epochs,
            int bestEpoch,
            SliceSource source,
            ModelCalibration calibration) {}

    // slices per inference pass when scoring negatives: inference holds no gradients, so larger batches than training
    private static final int SCORING_BATCH = 32;

    private final TrainingSettings settings;
    private final Reporter reporter;
    // the starting model's detection head had another layout, so this run's started from fresh weights
    private Trainer.Restored restored = new Trainer.Restored(true, true);
    private Path blendWith;
    private float blendShare;

    public TrainingRun(TrainingSettings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    /**
     * This run, with its start weights blended with another exported model of the same network after {@code
     * --init-from}'s ({@link Trainer#blendWith}: that model's weight {@code share}). With 0 epochs the blend is exported
     * as it is, after the batch-norm recompute.
     *
     * @throws IllegalArgumentException without a model to start from, or with a share outside (0, 1)
     */
    public TrainingRun blendingWith(Path model, float share) {
        if (settings.initialiseFrom() == null) {
            throw new IllegalArgumentException(
                    "blending needs a model to start from: name the first with --init-from MODEL");
        }
        if (!(share > 0f && share < 1f)) {
            throw new IllegalArgumentException("blend share " + share + " is outside (0, 1)");
        }
        this.blendWith = Objects.requireNonNull(model, "model");
        this.blendShare = share;
        return this;
    }

    public Result run() throws IOException {
        requireEmpty(settings.out());
        DatasetIndex index = DatasetIndex.read(settings.data()).limit(settings.maxStudies());
        reporter.indexed(index);
        List<DatasetStudy> train = index.studies(Split.TRAIN);
        List<DatasetStudy> validation = index.studies(Split.VALIDATION);
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training needs train and validation studies; " + index.summary());
        }
        TrainerOptions options = new TrainerOptions(
                settings.learningRate(),
                settings.seed(),
                settings.detectionWeight(),
                0.99f,
                0,
                settings.detectorOnly(),
                settings.iouLossWeight(),
                settings.objectnessTarget());
        try (Trainer trainer = new Trainer(settings.config(), options)) {
            if (settings.initialiseFrom() != null) {
                // before the slices load, so another network's model fails at once; a resumed run's checkpoint,
                // restored by the loop, replaces these weights
                restored = trainer.initialiseFrom(settings.initialiseFrom());
                reporter.initialised(settings.initialiseFrom(), restored);
                if (blendWith != null) {
                    trainer.blendWith(blendWith, blendShare);
                    reporter.blended(blendWith, blendShare);
                }
            }
            PreprocessingSettings preprocessing = new PreprocessingSettings(
                    settings.config().inputSize(),
                    settings.config().sliceContext(),
                    PreprocessingSettings.defaults().channels(),
                    settings.slabMm(),
                    settings.slabMode());
            reporter.loading(train.size() + validation.size());
            long start = System.nanoTime();
            SliceSource source = SliceSource.load(
                    Stream.concat(train.stream(), validation.stream()).toList(),
                    preprocessing,
                    settings.threads(),
                    reporter::studyLoaded);
            reporter.loaded(source, (System.nanoTime() - start) / 1e9);
            BalancedBatches training = new BalancedBatches(
                    source,
                    slicesOf(source, Split.TRAIN),
                    settings.batchSize(),
                    settings.negativesPerPositive(),
                    settings.seed(),
                    settings.augmentation(),
                    settings.maxBatches());
            HardNegatives hard = settings.hardNegatives();
            if (hard.mined()) {
                // a network from random weights has nothing to mine with: its first epoch draws at random
                training = training.withHardNegatives(
                        hard.share(),
                        settings.initialiseFrom() != null ? 1 : 2,
                        hard.negativeStudiesOnly() ? inNegativeStudies(source) : slice -> true,
                        (epoch, slices) -> scoreAny(trainer, source, slices, epoch),
                        reporter::mined);
            }
            OrderedBatches validationBatches =
                    new OrderedBatches(source, slicesOf(source, Split.VALIDATION), settings.batchSize());
            RunHistory history = settings.resume()
                    ? RunHistory.in(settings.checkpoints())
                    : RunHistory.fresh(settings.checkpoints());
            reporter.training(settings.epochs(), training.batchCount(), training.epochSize());
            new TrainingLoop(trainer, settings.checkpoints(), listener(trainer, validationBatches, source, history))
                    .recomputingBatchNorm(
                            settings.batchNormBatches() > 0 ? statisticsBatches(source) : null,
                            settings.batchNormBatches())
                    .run(training, validationBatches, settings.epochs(), settings.resume());
            EpochSummary best = history.best(settings.selection())
                    .orElseThrow(() -> new IllegalStateException("no epoch with a finite validation loss"));
            trainer.restoreCheckpoint(settings.checkpoints(), best.epoch());
            List<float[]> validationProbabilities = predict(trainer, validationBatches);
            ModelCalibration calibration = calibrate(source, validationProbabilities);
            ModelManifest manifest = trainer.export(
                    settings.out(),
                    manifest(index, source, best, history, validationProbabilities.size(), calibration));
            return new Result(manifest, history.epochs(), best.epoch(), source, calibration);
        }
    }

    private TrainingLoop.Listener listener(
            Trainer trainer, OrderedBatches validation, SliceSource source, RunHistory history) {
        return new TrainingLoop.Listener() {
            @Override
            public void step(int epoch, int index, int batches, LossValues loss) {
                reporter.step(epoch, index, batches, loss);
            }

            @Override
            public void epoch(EpochResult result) {
                long start = System.nanoTime();
                double auc = aucAny(predict(trainer, validation), validation, source);
                EpochSummary summary = new EpochSummary(
                        result.epoch(),
                        result.training() == null
                                ? Double.NaN
                                : result.training().total(),
                        result.validation().total(),
                        auc,
                        result.seconds() + (System.nanoTime() - start) / 1e9);
                try {
                    history.add(summary);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                reporter.epoch(summary);
            }

            @Override
            public boolean stopAfter(EpochResult result) {
                return settings.patience() > 0 && history.epochsSinceBest(settings.selection()) >= settings.patience();
            }
        };
    }

    /** Whether a slice belongs to a study without any hemorrhage. */
    private static java.util.function.IntPredicate inNegativeStudies(SliceSource source) {
        boolean[] negative = new boolean[source.sliceCount()];
        for (SliceSource.StudyRange study : source.studies()) {
            boolean any = study.study().truth()[HemorrhageLabel.ANY.ordinal()];
            java.util.Arrays.fill(negative, study.first(), study.first() + study.count(), !any);
        }
        return slice -> negative[slice];
    }

    /** The probability of {@code any} of each slice under the current weights, in inference mode (hard negatives). */
    private float[] scoreAny(Trainer trainer, SliceSource source, int[] slices, int epoch) {
        OrderedBatches batches =
                new OrderedBatches(source, IntStream.of(slices).boxed().toList(), SCORING_BATCH);
        reporter.scoring(epoch, slices.length);
        float[] scores = new float[slices.length];
        int position = 0;
        for (int b = 0; b < batches.batchCount(); b++) {
            TrainingBatch batch = batches.batch(epoch, b);
            float[] p = trainer.predict(batch.images(), batch.count()).probabilities();
            for (int i = 0; i < batch.count(); i++) {
                scores[position++] = p[i * HemorrhageLabel.COUNT + HemorrhageLabel.ANY.ordinal()];
            }
            reporter.scored(batch.count());
        }
        return scores;
    }

    /** Probabilities of every validation slice, in pass order, as the exported model computes them. */
    private static List<float[]> predict(Trainer trainer, OrderedBatches validation) {
        List<float[]> probabilities = new ArrayList<>();
        for (int b = 0; b < validation.batchCount(); b++) {
            TrainingBatch batch = validation.batch(0, b);
            float[] p = trainer.predict(batch.images(), batch.count()).probabilities();
            for (int i = 0; i < batch.count(); i++) {
                probabilities.add(Arrays.copyOfRange(p, i * HemorrhageLabel.COUNT, (i + 1) * HemorrhageLabel.COUNT));
            }
        }
        return probabilities;
    }

    private static double aucAny(List<float[]> probabilities, OrderedBatches validation, SliceSource source) {
        double[] scores = new double[probabilities.size()];
        boolean[] positive = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = probabilities.get(i)[0];
            positive[i] = source.slice(validation.sliceAt(i)).positive();
        }
        return Metrics.rocAuc(scores, positive).orElse(Double.NaN);
    }

    /** Calibration and thresholds on the validation studies' uncalibrated study probabilities. */
    private static ModelCalibration calibrate(SliceSource source, List<float[]> sliceProbabilities) {
        // study probability exactly as the server aggregates it (StudyAggregator, top-k = 1), before calibration
        StudyAggregator aggregator = new StudyAggregator(StudyAggregator.Options.defaults());
        List<float[]> studyProbabilities = new ArrayList<>();
        List<boolean[]> studyTruth = new ArrayList<>();
        int position = 0;
        for (SliceSource.StudyRange study : source.studies()) {
            if (study.study().split() != Split.VALIDATION || study.count() == 0) {
                continue;
            }
            List<SlicePrediction> slices = new ArrayList<>();
            for (int i = 0; i < study.count(); i++) {
                slices.add(new SlicePrediction(sliceProbabilities.get(position++), List.of()));
            }
            StudyPrediction prediction = aggregator.aggregate(slices, Calibration.identity());
            float[] p = new float[HemorrhageLabel.COUNT];
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                p[label.ordinal()] = prediction.label(label).uncalibratedProbability();
            }
            studyProbabilities.add(p);
            studyTruth.add(study.study().truth());
        }
        return ModelCalibration.fit(studyProbabilities, studyTruth);
    }

    private ModelManifest manifest(
            DatasetIndex index,
            SliceSource source,
            EpochSummary best,
            RunHistory history,
            int validationSlices,
            ModelCalibration calibration) {
        Map<String, Double> metrics = new TreeMap<>(calibration.metrics());
        metrics.put("validation.loss", best.validationLoss());
        if (Double.isFinite(best.validationAucAny())) {
            metrics.put("validation.auc.any.slice", best.validationAucAny());
        }
        metrics.put("validation.studies", metrics.get("calibration.studies"));
        metrics.put("validation.slices", (double) validationSlices);
        metrics.put("epoch.best", (double) best.epoch());
        metrics.put("epochs.run", (double)
                history.epochs().stream().filter(e -> e.epoch() > 0).count());
        ModelManifest manifest = new ModelManifest(
                settings.modelId(),
                settings.modelVersion(),
                architecture(),
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(
                        settings.config().inputSize(), settings.config().inputSize()),
                source.settings().channels().stream()
                        .map(c -> new ModelManifest.Window(
                                c.window().name(),
                                c.window().level(),
                                c.window().width()))
                        .toList(),
                calibration.thresholds(),
                Map.of(),
                trainingData(index),
                metrics,
                calibration.calibration());
        manifest = manifest.withSliceContext(settings.config().sliceContext());
        return settings.slabMm() > 0
                ? manifest.withSlabMm(settings.slabMm()).withSlabMode(settings.slabMode())
                : manifest;
    }

    private String architecture() {
        var c = settings.config();
        return "resnet-v2 %s (%s blocks%s, widths %s, %dx%d stem%s) + YOLO head%s on stride %d%s"
                .formatted(
                        c.name(),
                        c.stageBlocks(),
                        c.bottleneck() ? " bottleneck" : " basic",
                        c.stageWidths(),
                        c.stemKernel(),
                        c.stemKernel(),
                        c.sliceContext() ? " on each slice with its two neighbours, 9 channels" : "",
                        c.detectorDepth() > 1 ? " (" + c.detectorDepth() + " hidden 3x3 convolutions)" : "",
                        c.detectorStride(),
                        c.detectorStride() == 8
                                ? " (the stride-8 stage joined with the stride-16 stage upsampled)"
                                : c.hasFineGrid()
                                        ? " and on stride 8 (the stride-8 stage joined with the stride-16 stage"
                                                + " upsampled) for boxes of at most " + c.fineBoxSide()
                                                + " px, stride 16"
                                                + " for boxes over " + c.coarseBoxSide() + " px"
                                                + (c.fineHiddenWidth() != c.detectorWidth()
                                                        ? ", the stride-8 head " + c.fineHiddenWidth() + " wide"
                                                        : "")
                                        : "");
    }

    private String trainingData(DatasetIndex index) {
        return "data " + settings.data().toAbsolutePath().normalize() + ": " + index.summary() + "; seed "
                + settings.seed()
                + (settings.config().sliceContext() ? "; each slice read with its two neighbours" : "")
                + (settings.slabMm() > 0
                        ? "; each slice read as the " + settings.slabMode().code() + " of the slices within a "
                                + settings.slabMm() + " mm slab"
                        : "")
                + "; negatives per positive " + settings.negativesPerPositive()
                + "; detection loss weight " + settings.detectionWeight()
                + (settings.iouLossWeight() > 0 ? "; GIoU loss weight " + settings.iouLossWeight() : "")
                + (settings.objectnessTarget() == ObjectnessTarget.IOU
                        ? "; objectness trained towards the IoU of the responsible cell's box with its truth"
                        : "")
                + (settings.hardNegatives().mined()
                        ? "; " + settings.hardNegatives().describe(settings.initialiseFrom() != null)
                        : "")
                + (settings.detectorOnly()
                        ? "; the detector alone trained (backbone, classifier and their batch-norm averages as"
                                + " initialised)"
                        : "")
                + "; epoch kept by "
                + (settings.selection() == EpochSelection.AUC ? "validation slice AUC of any" : "validation loss")
                + (settings.batchNormBatches() > 0
                        ? "; batch-norm averages recomputed over " + settings.batchNormBatches()
                                + (settings.epochs() == 0 ? " training batches" : " training batches after each epoch")
                        : "")
                + (settings.initialiseFrom() == null
                        ? ""
                        : "; initialised from "
                                + settings.initialiseFrom().toAbsolutePath().normalize()
                                + (restored.all()
                                        ? ""
                                        : " (" + restored.fresh() + " started from fresh weights: that model has it"
                                                + " in another shape, or not at all)"))
                + (blendWith == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; blended with %s (its weight %.3f: each weight and batch-norm average the weighted"
                                        + " mean of the two models')",
                                blendWith.toAbsolutePath().normalize(),
                                blendShare))
                + (settings.epochs() == 0 ? "; not trained further (0 epochs)" : "")
                + "; Platt calibration and thresholds (any: sensitivity >= 0.95 with specificity >= 0.95 when"
                + " reachable; subtypes: sensitivity >= 0.90 with a specificity floor of 0.80) on the validation"
                + " studies; command: " + settings.commandLine();
    }

    /**
     * Unaugmented training slices in their natural proportion, a seeded draw of as many as the batch-norm
     * recomputation reads; the same every epoch.
     */
    private OrderedBatches statisticsBatches(SliceSource source) {
        List<Integer> slices = new ArrayList<>(slicesOf(source, Split.TRAIN));
        java.util.Collections.shuffle(slices, new java.util.Random(settings.seed()));
        int wanted = (int) Math.min(slices.size(), (long) settings.batchNormBatches() * settings.batchSize());
        return new OrderedBatches(source, slices.subList(0, wanted), settings.batchSize());
    }

    private static List<Integer> slicesOf(SliceSource source, Split split) {
        List<Integer> slices = new ArrayList<>();
        for (SliceSource.StudyRange study : source.studies()) {
            if (study.study().split() == split) {
                IntStream.range(study.first(), study.first() + study.count()).forEach(slices::add);
            }
        }
        return slices;
    }

    private static void requireEmpty(Path out) throws IOException {
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("model directory " + out + " is not empty; choose a new one");
                }
            }
        } else if (Files.exists(out)) {
            throw new IllegalArgumentException("model directory " + out + " is a file");
        }
    }
}
