package org.ichcds.training.sequence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ichcds.inference.Calibration;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.ModelPreprocessing;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.training.calibration.BoxScaleMode;
import org.ichcds.training.calibration.HeadLabels;
import org.ichcds.training.calibration.ManifestSetting;
import org.ichcds.training.calibration.Recalibration;
import org.ichcds.training.calibration.ThresholdRule;
import org.ichcds.training.dataset.DatasetIndex;
import org.ichcds.training.dataset.DatasetStudy;
import org.ichcds.training.dataset.SliceSource;
import org.ichcds.training.dataset.Split;

/**
 * Adds a sequence head to an exported model: loads the training and validation studies of a data set (the 70/20/10
 * split by study) through the serving preprocessing, computes every slice's embedding with the model's frozen slice
 * network, trains the head ({@link SequenceHeadFit}), exports it into the model directory's {@code sequence/}, records
 * it in the manifest, and recalibrates the model on the validation studies through the serving path, so the
 * calibration and thresholds apply to the head's study output. The slice network is not changed.
 */
public final class SequenceHeadRun {

    /** The head's SavedModel directory inside the model directory. */
    public static final String DIRECTORY = "sequence";

    static final String METRIC_PREFIX = "sequence.";

    /**
     * What to train.
     *
     * @param model the model directory (sealed; its slice SavedModel must have the {@code embeddings} output)
     * @param data a data set in the RSNA/BHX formats
     * @param epochs passes over the training series
     * @param hiddenWidth channels of the temporal convolutions
     * @param kernels sizes of the temporal convolutions ({@link SequenceHeadConfig#kernels()})
     * @param learningRate Adam step size
     * @param seed initial weights and series order
     * @param randomStart He-initialised weights throughout, instead of starting from the slice classifier
     * @param threads TensorFlow and loading threads, 0 = one per core
     * @param commandLine recorded in the manifest
     * @param embeddings a file of the slice network's embeddings of the data set's series ({@link EmbeddingCache}):
     *     read when it was made for this slice network and data set, else written after the embedding; {@code null}
     *     for none
     * @param headLabels the labels the head serves
     * @param fixedSliceRead keep the slice's own read at the slice network's classifier ({@link
     *     SequenceHeadConfig#fixedSliceRead()})
     * @param correctionPenalty weight of the correction penalty ({@link SequenceHeadConfig#correctionPenalty()})
     */
    public record Settings(
            Path model,
            Path data,
            int epochs,
            int hiddenWidth,
            List<Integer> kernels,
            float learningRate,
            long seed,
            boolean randomStart,
            int threads,
            String commandLine,
            Path embeddings,
            HeadLabels headLabels,
            boolean fixedSliceRead,
            float correctionPenalty) {}

    /** Progress callbacks; all default to doing nothing. */
    public interface Reporter extends SequenceHeadFit.Progress {
        /** The slices of this many studies are about to be read and preprocessed. */
        default void loading(int studies) {}

        /** One study's slices read (called from the loading threads). */
        default void studyLoaded() {}

        /** The slice network is about to embed this many series. */
        default void embedding(int series) {}

        /** One series embedded. */
        default void seriesEmbedded() {}

        /** The embeddings came from this file ({@code read}) or were written to it. */
        default void embeddingsFile(Path file, boolean read) {}

        /** The embeddings could not be written to this file; the run goes on without it. */
        default void embeddingsNotWritten(Path file, String reason) {}

        default void loaded(int trainingSeries, int validationSeries, int embeddingWidth) {}

        @Override
        default void epoch(int epoch, double trainingLoss, double validationLoss) {}
    }

    /**
     * What the run produced.
     *
     * @param manifest the manifest as written (with the head and the new calibration)
     * @param fit the epochs
     * @param figures validation figures of the slice network alone and with the head ({@link HeadFigures})
     * @param headLabels the labels the head serves and both outputs' study AUCs on the validation studies
     */
    public record Result(
            ModelManifest manifest,
            SequenceHeadFit.Result fit,
            Map<String, Double> figures,
            java.util.Optional<HeadLabels.Choice> headLabels) {}

    private final Settings settings;
    private final Reporter reporter;

    public SequenceHeadRun(Settings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    public Result run() throws IOException {
        SequenceHeadConfig.requireKernels(settings.kernels());
        // before anything loads: the checks the head's settings and trainer make later
        SequenceHeadConfig.requireStart(settings.fixedSliceRead(), !settings.randomStart());
        SequenceHeadConfig.requirePenalty(settings.correctionPenalty());
        ModelDirectory directory = new ModelDirectory(settings.model());
        ModelManifest manifest = directory.verifiedManifest();
        Path headDirectory = settings.model().resolve(DIRECTORY);
        if (manifest.hasSequenceHead() || Files.exists(headDirectory)) {
            throw new IllegalArgumentException("model " + settings.model() + " already has a sequence head ("
                    + DIRECTORY + "/); start again from the model without it");
        }
        DatasetIndex index = DatasetIndex.read(settings.data());
        List<DatasetStudy> train = index.studies(Split.TRAIN);
        List<DatasetStudy> validation = index.studies(Split.VALIDATION);
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException(
                    "a sequence head needs train and validation studies; " + index.summary());
        }
        RunnerOptions options = RunnerOptions.defaults().withThreads(settings.threads());
        EmbeddingCache cache = settings.embeddings() == null
                ? null
                : EmbeddingCache.of(settings.embeddings(), manifest, settings.data(), train, validation);
        // before the model opens: a file that is not an embeddings file fails at once
        Optional<EmbeddingCache.Contents> cached = cache == null ? Optional.empty() : cache.read();
        List<SeriesEmbeddings.Study> trainSeries;
        List<SeriesEmbeddings.Study> validationSeries;
        int width;
        SliceClassifier start;
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(settings.model(), options)) {
            width = runner.embeddingWidth()
                    .orElseThrow(() -> new IllegalArgumentException("model " + settings.model() + " has no '"
                            + "embeddings' output for a sequence head to read; export it again with this version's"
                            + " train"));
            // before the slices load: a model without a readable classifier fails at once
            start = settings.randomStart() ? null : SliceClassifier.read(settings.model(), width);
            if (cached.isPresent()) {
                trainSeries = cached.get().train();
                validationSeries = cached.get().validation();
                reporter.embeddingsFile(settings.embeddings(), true);
            } else {
                reporter.loading(train.size() + validation.size());
                SliceSource source = SliceSource.load(
                        Stream.concat(train.stream(), validation.stream()).toList(),
                        ModelPreprocessing.of(manifest),
                        settings.threads() > 0
                                ? settings.threads()
                                : Runtime.getRuntime().availableProcessors(),
                        slices -> reporter.studyLoaded());
                reporter.embedding((int)
                        source.studies().stream().filter(r -> r.count() > 0).count());
                trainSeries = SeriesEmbeddings.of(source, Split.TRAIN, runner, reporter::seriesEmbedded);
                validationSeries = SeriesEmbeddings.of(source, Split.VALIDATION, runner, reporter::seriesEmbedded);
                if (cache != null) {
                    // the file only saves time: a disk that refuses it (full, read-only) does not cost the run
                    try {
                        cache.write(new EmbeddingCache.Contents(trainSeries, validationSeries));
                        reporter.embeddingsFile(settings.embeddings(), false);
                    } catch (IOException e) {
                        reporter.embeddingsNotWritten(settings.embeddings(), String.valueOf(e));
                    }
                }
            }
        }
        reporter.loaded(trainSeries.size(), validationSeries.size(), width);
        List<SeriesSample> trainSamples =
                trainSeries.stream().map(SeriesEmbeddings.Study::sample).toList();
        SequenceHeadConfig config = SequenceHeadConfig.fitted(
                        trainSamples,
                        settings.hiddenWidth(),
                        settings.kernels(),
                        settings.learningRate(),
                        settings.seed(),
                        settings.threads())
                .anchored(settings.fixedSliceRead(), settings.correctionPenalty());
        SequenceHeadFit.Result fit;
        Map<String, Double> figures;
        try (SequenceHeadTrainer trainer = new SequenceHeadTrainer(config, start)) {
            fit = SequenceHeadFit.run(
                    trainer,
                    trainSamples,
                    validationSeries.stream()
                            .map(SeriesEmbeddings.Study::sample)
                            .toList(),
                    settings.epochs(),
                    reporter);
            figures = HeadFigures.of(validationSeries, trainer);
            try {
                trainer.export(headDirectory);
            } catch (IOException | RuntimeException e) {
                deleteTree(headDirectory);
                throw e;
            }
        }
        Recalibration.Result recalibrated;
        try {
            directory.seal(withHead(manifest, config, fit, figures, index));
            recalibrated = recalibrate(directory, options, validation);
        } catch (IOException | RuntimeException e) {
            // a head without its calibration, or an unlisted sequence/ directory, must not be left behind
            deleteTree(headDirectory);
            directory.seal(manifest);
            throw e;
        }
        return new Result(recalibrated.after(), fit, figures, recalibrated.headLabels());
    }

    /** Calibration and thresholds fitted again, on the head's study output, through the serving path. */
    private Recalibration.Result recalibrate(
            ModelDirectory directory, RunnerOptions options, List<DatasetStudy> validation) throws IOException {
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(settings.model(), options)) {
            return Recalibration.run(
                    runner,
                    directory,
                    StudyAggregator.Options.defaults(),
                    validation,
                    Calibration.PLATT,
                    ThresholdRule.DEFAULT,
                    settings.headLabels(),
                    BoxScaleMode.KEEP,
                    ManifestSetting.keep(),
                    ManifestSetting.keep(),
                    settings.data() + " split val (the sequence head's study output)",
                    outcome -> {});
        }
    }

    private ModelManifest withHead(
            ModelManifest manifest,
            SequenceHeadConfig config,
            SequenceHeadFit.Result fit,
            Map<String, Double> figures,
            DatasetIndex index) {
        Map<String, Double> metrics = new TreeMap<>();
        // figures of an evaluation without the head no longer describe the model
        manifest.metrics().forEach((key, value) -> {
            if (!key.startsWith("evaluation.") && !key.startsWith(METRIC_PREFIX)) {
                metrics.put(key, value);
            }
        });
        metrics.putAll(figures);
        metrics.put(METRIC_PREFIX + "validation.loss", fit.bestValidationLoss());
        metrics.put(METRIC_PREFIX + "epoch.best", (double) fit.bestEpoch());
        metrics.put(
                METRIC_PREFIX + "epochs.run", (double) fit.validationLosses().size());
        // the last calibration note goes, unless a step follows it: the head's recalibration writes its own after this
        String training = Recalibration.withoutLastNote(manifest.trainingData())
                + "; sequence head trained on the slice embeddings of "
                + settings.data().toAbsolutePath().normalize() + " (" + index.summary() + "), "
                + (settings.randomStart() ? "randomly initialised" : "started from the slice classifier")
                + ", epoch " + fit.bestEpoch() + " kept" + ", seed " + settings.seed()
                + "; command: " + settings.commandLine();
        return manifest.withMetrics(metrics)
                .withTrainingData(training)
                .withSequenceHead(
                        new ModelManifest.SequenceHead(DIRECTORY, config.embeddingWidth(), config.describe()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
