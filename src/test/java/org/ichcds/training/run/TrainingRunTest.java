package org.ichcds.training.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.ModelPreprocessing;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.SlabMode;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.ObjectnessTarget;
import org.ichcds.training.Trainer;
import org.ichcds.training.TrainerOptions;
import org.ichcds.training.dataset.Augmentation;
import org.ichcds.training.dataset.BalancedBatches;
import org.ichcds.training.dataset.SliceSource;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke: phantoms on disk, two training steps of a tiny network through the whole run (serving preprocessing,
 * checkpoints, thresholds, export), then the exported directory served by the model runner.
 */
class TrainingRunTest {

    @Test
    void trainsTwoStepsExportsASealedModelTheRunnerServes(@TempDir Path dir) throws Exception {
        Path data = phantoms(dir);
        Path out = dir.resolve("models/tiny");
        TrainingSettings settings = new TrainingSettings(
                data,
                out,
                TrainingSettings.defaultCheckpoints(out),
                ModelConfig.small(64, 4),
                2,
                4,
                1,
                1e-3f,
                1f,
                0,
                EpochSelection.AUC,
                1,
                0,
                1,
                Augmentation.defaults(),
                0,
                false,
                null,
                "tiny",
                "0.0.1",
                "test",
                2,
                false,
                0f);

        TrainingRun.Result result = new TrainingRun(settings, new TrainingRun.Reporter() {}).run();

        assertThat(result.epochs()).hasSize(2);
        assertThat(result.epochs())
                .allSatisfy(e -> assertThat(e.validationLoss()).isFinite());
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> out.relativize(p).toString()))
                    .containsExactlyInAnyOrder(
                            "saved_model.pb",
                            "variables/variables.index",
                            "variables/variables.data-00000-of-00001",
                            "manifest.json");
        }
        assertThat(Files.isRegularFile(settings.checkpoints().resolve("epoch-0002/variables.index")))
                .isTrue();
        ModelManifest manifest = new ModelDirectory(out).verifiedManifest();
        assertThat(manifest.thresholds()).containsOnlyKeys(HemorrhageLabel.codes());
        assertThat(manifest.thresholds().values()).allSatisfy(t -> assertThat(t).isStrictlyBetween(0.0, 1.0));
        assertThat(manifest.files()).hasSize(3);
        assertThat(manifest.inputSize()).isEqualTo(new ModelManifest.InputSize(64, 64));
        assertThat(manifest.windows()).isEqualTo(ModelManifest.standardWindows());
        assertThat(manifest.metrics())
                .containsKeys(
                        "validation.loss",
                        "epoch.best",
                        "threshold.any.positives",
                        "threshold.any.target.sensitivity",
                        "calibration.any.temperature",
                        "calibration.any.offset");
        // calibration fitted on the validation studies and written into the manifest the server loads
        assertThat(manifest.calibration()).isEqualTo(result.calibration().calibration());
        assertThat(manifest.calibration().method()).isEqualTo("platt");
        assertThat(manifest.thresholds()).isEqualTo(result.calibration().thresholds());
        assertThat(manifest.trainingData())
                .contains("train 3 studies")
                .contains("val 1 studies")
                .contains("epoch kept by validation slice AUC of any");
        // the epoch exported is the one the selection names, from the history the run wrote
        assertThat(result.bestEpoch())
                .isEqualTo(
                        EpochSelection.AUC.best(result.epochs()).orElseThrow().epoch());
        assertThat(manifest.metrics().get("epoch.best")).isEqualTo((double) result.bestEpoch());

        SliceSource source = result.source();
        SliceSource.StudyRange study = source.studies().get(0);
        float[] images = source.images(study);
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(out, RunnerOptions.defaults())) {
            List<SlicePrediction> predictions = runner.predict(images, study.count(), 64, 64);
            assertThat(predictions).hasSize(study.count());
            assertThat(predictions.get(0).probabilities()).hasSize(7);
        }

        assertThatThrownBy(() -> new TrainingRun(settings, new TrainingRun.Reporter() {}).run())
                .hasMessageContaining("is not empty");
    }

    @Test
    void aRunOnSlabsTrainsOnThemAndItsManifestNamesThem(@TempDir Path dir) throws Exception {
        Path data = phantoms(dir);
        Path out = dir.resolve("models/slabs");
        // 10 mm reaches the neighbours of every thickness the classic phantoms have (2.5 to 5 mm)
        TrainingSettings settings = withSlab(settings(data, out, ModelConfig.small(64, 4), null), 10, SlabMode.MEDIAN);
        TrainingRun.Result result = new TrainingRun(settings, new TrainingRun.Reporter() {}).run();

        ModelManifest manifest = new ModelDirectory(out).verifiedManifest();
        assertThat(manifest.slabMm()).isEqualTo(10.0);
        assertThat(manifest.slabMode()).isEqualTo(SlabMode.MEDIAN);
        assertThat(manifest.trainingData())
                .contains("; each slice read as the median of the slices within a 10.0 mm slab;");
        assertThat(result.source().settings().slabMm()).isEqualTo(10.0);
        assertThat(ModelPreprocessing.of(manifest).slabMode()).isEqualTo(SlabMode.MEDIAN);
        // the network trained on slabs: the same studies read slice by slice give other pixels
        SliceSource.StudyRange study = result.source().studies().get(0);
        SliceSource plain = SliceSource.load(
                List.of(study.study()),
                new PreprocessingSettings(
                        64, false, PreprocessingSettings.defaults().channels()),
                1,
                slices -> {});
        assertThat(plain.studies().get(0).count()).isEqualTo(study.count());
        assertThat(java.util.Arrays.equals(
                        plain.images(plain.studies().get(0)), result.source().images(study)))
                .isFalse();

        // a run without a slab names none
        Path none = dir.resolve("models/none");
        new TrainingRun(settings(data, none, ModelConfig.small(64, 4), null), new TrainingRun.Reporter() {}).run();
        ModelManifest plainManifest = new ModelDirectory(none).verifiedManifest();
        assertThat(plainManifest.slabMm()).isNull();
        assertThat(plainManifest.trainingData()).doesNotContain("slab");

        TrainingSettings base = settings(data, dir.resolve("models/bad"), ModelConfig.small(64, 4), null);
        assertThatThrownBy(() -> withSlab(base, 0, SlabMode.MEDIAN))
                .hasMessageContaining("a slab mode needs a slab: name its thickness with --slab-mm");
        assertThatThrownBy(() -> withSlab(base, 0.5, null)).hasMessageContaining("slab 0.5 mm is outside [1, 10.0]");
    }

    @Test
    void aRunWithSliceContextStartsFromAPlainModelAndServesStudiesWithTheirNeighbours(@TempDir Path dir)
            throws Exception {
        Path data = phantoms(dir);
        Path plain = dir.resolve("models/plain");
        new TrainingRun(settings(data, plain, ModelConfig.small(64, 4), null), new TrainingRun.Reporter() {}).run();
        assertThat(new ModelDirectory(plain).verifiedManifest().hasSliceContext())
                .isFalse();

        Path out = dir.resolve("models/context");
        List<Trainer.Restored> restored = new java.util.ArrayList<>();
        TrainingRun.Result result = new TrainingRun(
                        settings(data, out, ModelConfig.small(64, 4).withSliceContext(true), plain),
                        new TrainingRun.Reporter() {
                            @Override
                            public void initialised(Path model, Trainer.Restored heads) {
                                restored.add(heads);
                            }
                        })
                .run();

        ModelManifest manifest = new ModelDirectory(out).verifiedManifest();
        assertThat(manifest.hasSliceContext()).isTrue();
        assertThat(manifest.inputChannels()).isEqualTo(9);
        assertThat(manifest.architecture()).contains("5x5 stem on each slice with its two neighbours, 9 channels");
        assertThat(manifest.trainingData()).contains("; each slice read with its two neighbours;");
        assertThat(result.source().settings().sliceContext()).isTrue();
        // served as the server serves it: the manifest's preprocessing gives the nine channels the network takes
        SliceSource.StudyRange study = result.source().studies().get(0);
        var volume = new org.ichcds.dicom.StudyLoader()
                .fromPath(study.study().folder())
                .volume();
        var input = new org.ichcds.preprocessing.Preprocessor(ModelPreprocessing.of(manifest)).preprocess(volume);
        assertThat(input.channels()).isEqualTo(9);
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(out, RunnerOptions.defaults())) {
            var series = runner.predictSeries(input.data(), input.slices(), input.size(), input.size());
            assertThat(series.slices()).hasSize(volume.sliceCount());
        }
        // the whole network came from the plain model, the neighbours' stem weights from zero
        assertThat(restored).containsExactly(new Trainer.Restored(true, true));
    }

    private static TrainingSettings withSlab(TrainingSettings s, double slabMm, SlabMode mode) {
        return new TrainingSettings(
                s.data(),
                s.out(),
                s.checkpoints(),
                s.config(),
                s.epochs(),
                s.batchSize(),
                s.negativesPerPositive(),
                s.learningRate(),
                s.detectionWeight(),
                s.patience(),
                s.selection(),
                s.seed(),
                s.maxStudies(),
                s.maxBatches(),
                s.augmentation(),
                s.batchNormBatches(),
                s.resume(),
                s.initialiseFrom(),
                s.modelId(),
                s.modelVersion(),
                s.commandLine(),
                s.threads(),
                s.detectorOnly(),
                s.iouLossWeight(),
                s.objectnessTarget(),
                s.hardNegatives(),
                slabMm,
                mode);
    }

    @Test
    void aRunInitialisedFromAModelStartsFromItAndAnotherNetworksModelIsRefusedBeforeLoading(@TempDir Path dir)
            throws Exception {
        Path data = phantoms(dir);
        Path first = dir.resolve("models/first");
        new TrainingRun(settings(data, first, ModelConfig.small(64, 4), null), new TrainingRun.Reporter() {}).run();

        java.util.concurrent.atomic.AtomicBoolean loaded = new java.util.concurrent.atomic.AtomicBoolean();
        TrainingRun.Reporter watching = new TrainingRun.Reporter() {
            @Override
            public void loading(int studies) {
                loaded.set(true);
            }
        };
        Path wider = dir.resolve("models/wider");
        assertThatThrownBy(() ->
                        new TrainingRun(settings(data, wider, ModelConfig.small(64, 8), first), watching).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(first + " is not a model of this network");
        assertThat(loaded).isFalse();

        Path second = dir.resolve("models/second");
        TrainingRun.Result result =
                new TrainingRun(settings(data, second, ModelConfig.small(64, 4), first), watching).run();
        assertThat(loaded).isTrue();
        assertThat(result.manifest().trainingData())
                .contains("initialised from " + first.toAbsolutePath().normalize())
                .contains("detection loss weight 2.0")
                .contains("batch-norm averages recomputed over 2 training batches");
    }

    @Test
    void aDetectorOnlyRunKeepsTheModelsProbabilitiesAndSaysWhatItTrained(@TempDir Path dir) throws Exception {
        Path data = phantoms(dir);
        Path first = dir.resolve("models/first");
        TrainingRun.Result trained = new TrainingRun(
                        settings(data, first, ModelConfig.small(64, 4), null), new TrainingRun.Reporter() {})
                .run();
        Path detector = dir.resolve("models/detector");
        TrainingRun.Result result = new TrainingRun(
                        detectorOnly(data, detector, first, EpochSelection.LOSS), new TrainingRun.Reporter() {})
                .run();
        assertThat(result.manifest().trainingData())
                .contains("GIoU loss weight 1.0")
                .contains("objectness trained towards the IoU of the responsible cell's box with its truth")
                .contains("the detector alone trained")
                .contains("epoch kept by validation loss");

        SliceSource.StudyRange study = trained.source().studies().get(0);
        float[] images = trained.source().images(study);
        try (TensorFlowModelRunner before = TensorFlowModelRunner.open(first, RunnerOptions.defaults());
                TensorFlowModelRunner after = TensorFlowModelRunner.open(detector, RunnerOptions.defaults())) {
            List<SlicePrediction> was = before.predict(images, study.count(), 64, 64);
            List<SlicePrediction> is = after.predict(images, study.count(), 64, 64);
            for (int i = 0; i < was.size(); i++) {
                assertThat(is.get(i).probabilities()).containsExactly(was.get(i).probabilities());
            }
        }
        // and the settings that cannot work are refused with what to change
        assertThatThrownBy(() -> detectorOnly(data, dir.resolve("models/x"), null, EpochSelection.LOSS))
                .hasMessageContaining("--init-from MODEL");
        assertThatThrownBy(() -> detectorOnly(data, dir.resolve("models/y"), first, EpochSelection.AUC))
                .hasMessageContaining("use --select-by loss");
    }

    @Test
    void hardNegativesAreMinedFromTheSecondEpochOfAFreshNetworkAndFromTheFirstOfAnInitialisedOne(@TempDir Path dir)
            throws Exception {
        Path data = phantoms(dir);
        Path first = dir.resolve("models/first");
        MiningLog fresh = new MiningLog();
        TrainingRun.Result trained = new TrainingRun(mining(data, first, null, 0.5), fresh).run();
        SliceSource source = trained.source();
        long positives = trainingSlices(source, true);
        long negatives = trainingSlices(source, false);
        long drawn = Math.min(negatives, positives); // one negative per positive
        assertThat(negatives).isPositive();
        // epoch 1 of a network from random weights draws at random; epoch 2 scores every negative training slice
        assertThat(fresh.scoring).containsExactly(List.of(2, (int) negatives));
        assertThat(fresh.scored).isEqualTo(negatives);
        assertThat(fresh.mined).singleElement().satisfies(m -> {
            assertThat(m.epoch()).isEqualTo(2);
            assertThat(m.scored()).isEqualTo(negatives);
            assertThat(m.hard()).isEqualTo(Math.round(0.5 * drawn));
            assertThat(m.lowestHardScore()).isBetween(0f, 1f);
        });
        assertThat(trained.manifest().trainingData())
                .contains("0.5 of each epoch's negatives the ones it scored highest for any at the start of the epoch"
                        + " (from epoch 2)");

        MiningLog initialised = new MiningLog();
        TrainingRun.Result again =
                new TrainingRun(mining(data, dir.resolve("models/again"), first, 1), initialised).run();
        assertThat(initialised.mined).extracting(BalancedBatches.Mining::epoch).containsExactly(1, 2);
        assertThat(initialised.mined).allSatisfy(m -> assertThat(m.hard()).isEqualTo(drawn));
        assertThat(again.manifest().trainingData())
                .contains("1.0 of each epoch's negatives")
                .doesNotContain("(from");

        assertThatThrownBy(() -> mining(data, dir.resolve("models/x"), null, 1.5))
                .hasMessageContaining("hard-negative share 1.5 is outside 0..1");
    }

    /** A two-epoch run drawing {@code share} of each epoch's negatives as the hardest. */
    @Test
    void zeroEpochsExportTheBlendOfTwoModelsAsItIs(@TempDir Path dir) throws Exception {
        Path data = phantoms(dir);
        ModelConfig config = ModelConfig.small(64, 4);
        Path first = dir.resolve("models/first");
        Path second = dir.resolve("models/second");
        new TrainingRun(settings(data, first, config, null), new TrainingRun.Reporter() {}).run();
        new TrainingRun(settings(data, second, config, first), new TrainingRun.Reporter() {}).run();

        List<String> said = new java.util.ArrayList<>();
        TrainingRun.Reporter listening = new TrainingRun.Reporter() {
            @Override
            public void blended(Path model, float share) {
                said.add("blended " + model.getFileName() + " " + share);
            }

            @Override
            public void step(int epoch, int index, int batches, org.ichcds.training.LossValues loss) {
                said.add("step");
            }

            @Override
            public void epoch(EpochSummary summary) {
                said.add("epoch " + summary.epoch());
            }
        };
        Path blend = dir.resolve("models/blend");
        TrainingRun.Result result = new TrainingRun(settings(data, blend, config, first, 0), listening)
                .blendingWith(second, 0.5f)
                .run();
        // no training step: the start weights validated as epoch 0 and exported
        assertThat(said).containsExactly("blended second 0.5", "epoch 0");
        assertThat(result.bestEpoch()).isZero();
        assertThat(result.manifest().metrics()).containsEntry("epochs.run", 0.0).containsEntry("epoch.best", 0.0);
        assertThat(result.manifest().trainingData())
                .contains("blended with " + second.toAbsolutePath().normalize() + " (its weight 0.500")
                .contains("not trained further (0 epochs)");

        // the exported network is the blend: the same outputs as a trainer blended directly (no batch-norm recompute)
        float[] probe = new float[2 * 64 * 64 * 3];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < probe.length; i++) {
            probe[i] = random.nextFloat();
        }
        try (Trainer direct = new Trainer(config, TrainerOptions.defaults());
                Trainer exported = new Trainer(config, TrainerOptions.defaults())) {
            direct.initialiseFrom(first);
            direct.blendWith(second, 0.5f);
            exported.initialiseFrom(blend);
            assertThat(exported.predict(probe, 2).probabilities())
                    .containsExactly(direct.predict(probe, 2).probabilities(), within(1e-6f));
        }

        assertThatThrownBy(() -> new TrainingRun(settings(data, dir.resolve("models/none"), config, null), listening)
                        .blendingWith(second, 0.5f))
                .hasMessageContaining("blending needs a model to start from");
        assertThatThrownBy(() -> settings(data, dir.resolve("models/none"), config, null, 0))
                .hasMessageContaining("0 epochs export the start weights as they are");
    }

    private static TrainingSettings settings(Path data, Path out, ModelConfig config, Path initialiseFrom, int epochs) {
        TrainingSettings s = settings(data, out, config, initialiseFrom);
        return new TrainingSettings(
                s.data(),
                s.out(),
                s.checkpoints(),
                s.config(),
                epochs,
                s.batchSize(),
                s.negativesPerPositive(),
                s.learningRate(),
                s.detectionWeight(),
                s.patience(),
                EpochSelection.LOSS,
                s.seed(),
                s.maxStudies(),
                s.maxBatches(),
                s.augmentation(),
                0,
                false,
                initialiseFrom,
                s.modelId(),
                s.modelVersion(),
                "ichcds train --epochs 0 --blend-with MODEL",
                s.threads(),
                false,
                s.iouLossWeight(),
                s.objectnessTarget(),
                s.hardNegatives(),
                s.slabMm(),
                s.slabMode());
    }

    private static TrainingSettings mining(Path data, Path out, Path initialiseFrom, double share) {
        return mining(data, out, initialiseFrom, new HardNegatives(share, false));
    }

    private static TrainingSettings mining(Path data, Path out, Path initialiseFrom, HardNegatives hardNegatives) {
        return settings(
                data,
                out,
                ModelConfig.small(64, 4),
                initialiseFrom,
                EpochSelection.AUC,
                false,
                0f,
                ObjectnessTarget.PRESENCE,
                hardNegatives,
                2);
    }

    @Test
    void hardNegativesFromNegativeStudiesScoreOnlyTheSlicesOfStudiesWithoutHemorrhage(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        new PhantomDatasetWriter(new PhantomSettings(5, 256, 0.5, PhantomSettings.Identifiers.RSNA), 2)
                .write(data, 8, slices -> {});
        MiningLog log = new MiningLog();
        TrainingRun.Result result = new TrainingRun(
                        mining(data, dir.resolve("models/m"), null, HardNegatives.of(1, "negative-studies")), log)
                .run();
        SliceSource source = result.source();
        long inNegativeStudies = source.studies().stream()
                .filter(s -> s.study().split() == org.ichcds.training.dataset.Split.TRAIN)
                .filter(s -> !s.study().truth()[HemorrhageLabel.ANY.ordinal()])
                .mapToLong(SliceSource.StudyRange::count)
                .sum();
        assertThat(inNegativeStudies).isPositive().isLessThan(trainingSlices(source, false));
        assertThat(log.scored).isEqualTo(inNegativeStudies);
        assertThat(log.mined).singleElement().satisfies(m -> {
            assertThat(m.scored()).isEqualTo(inNegativeStudies);
            assertThat(m.hard())
                    .isEqualTo(Math.min(
                            inNegativeStudies, Math.min(trainingSlices(source, false), trainingSlices(source, true))));
        });
        assertThat(result.manifest().trainingData()).contains("among the slices of studies without hemorrhage");
        assertThatThrownBy(() -> HardNegatives.of(0.5, "some"))
                .hasMessageContaining("--hard-negatives-from some is not all or negative-studies");
    }

    private static long trainingSlices(SliceSource source, boolean positive) {
        return source.studies().stream()
                .filter(s -> s.study().split() == org.ichcds.training.dataset.Split.TRAIN)
                .flatMap(s -> java.util.stream.IntStream.range(s.first(), s.first() + s.count())
                        .boxed())
                .filter(i -> source.slice(i).positive() == positive)
                .count();
    }

    /** What a run reported of its hard-negative mining. */
    private static final class MiningLog implements TrainingRun.Reporter {
        final List<List<Integer>> scoring = new java.util.ArrayList<>();
        final List<BalancedBatches.Mining> mined = new java.util.ArrayList<>();
        long scored;

        @Override
        public void scoring(int epoch, int slices) {
            scoring.add(List.of(epoch, slices));
        }

        @Override
        public void scored(int slices) {
            scored += slices;
        }

        @Override
        public void mined(BalancedBatches.Mining mining) {
            mined.add(mining);
        }
    }

    /** Four phantom studies, three slices each: train 3, validation 1. */
    private static Path phantoms(Path dir) throws Exception {
        Path data = dir.resolve("data");
        new PhantomDatasetWriter(new PhantomSettings(3, 256, 0.75, PhantomSettings.Identifiers.RSNA), 2)
                .write(data, 4, slices -> {});
        return data;
    }

    /**
     * A one-epoch run training the detection head alone of {@code from}, with GIoU weight 1 and objectness trained
     * towards the IoU.
     */
    private static TrainingSettings detectorOnly(Path data, Path out, Path from, EpochSelection selection) {
        return settings(
                data,
                out,
                ModelConfig.small(64, 4),
                from,
                selection,
                true,
                1f,
                ObjectnessTarget.IOU,
                HardNegatives.NONE,
                1);
    }

    private static TrainingSettings settings(Path data, Path out, ModelConfig config, Path initialiseFrom) {
        return settings(
                data,
                out,
                config,
                initialiseFrom,
                EpochSelection.AUC,
                false,
                0f,
                ObjectnessTarget.PRESENCE,
                HardNegatives.NONE,
                1);
    }

    private static TrainingSettings settings(
            Path data,
            Path out,
            ModelConfig config,
            Path initialiseFrom,
            EpochSelection selection,
            boolean detectorOnly,
            float iouLossWeight,
            ObjectnessTarget objectnessTarget,
            HardNegatives hardNegatives,
            int epochs) {
        return new TrainingSettings(
                data,
                out,
                TrainingSettings.defaultCheckpoints(out),
                config,
                epochs,
                4,
                1,
                1e-3f,
                2f,
                0,
                selection,
                1,
                0,
                1,
                Augmentation.defaults(),
                2,
                false,
                initialiseFrom,
                "tiny",
                "0.0.1",
                "test",
                2,
                detectorOnly,
                iouLossWeight,
                objectnessTarget,
                hardNegatives,
                0,
                null);
    }
}
