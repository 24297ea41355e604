package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ichcds.inference.Box;
import org.ichcds.inference.BoxGrid;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.DetectionDecoder;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.NonMaxSuppression;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.TensorFlowModelRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/** Smoke training runs of a few seconds on 64² synthetic squares with a tiny network. */
class TrainerTest {

    static final int SIZE = 64;

    static ModelConfig tiny() {
        return ModelConfig.small(SIZE, 4);
    }

    static ModelManifest manifest() {
        Map<String, Double> thresholds = new java.util.TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.5));
        return new ModelManifest(
                "test-tiny",
                "0.0.1",
                "resnet-v2 small, width 4",
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(SIZE, SIZE),
                ModelManifest.standardWindows(),
                thresholds,
                Map.of(),
                "synthetic squares",
                Map.of(),
                null);
    }

    @Test
    void trainsExportsAndTheReloadedModelMatchesTheSession(@TempDir Path dir) throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(4, SIZE, 1);
        Path modelDir = dir.resolve("model");
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            for (int step = 0; step < 2; step++) {
                LossValues loss = trainer.trainStep(batch);
                assertThat(List.of(loss.total(), loss.classification(), loss.detection()))
                        .allSatisfy(v -> assertThat(Float.isFinite(v)).isTrue());
            }
            LossValues validation = trainer.validate(batch);
            assertThat(Float.isFinite(validation.total())).isTrue();
            assertThat(validation.total())
                    .isCloseTo(validation.classification() + validation.detection(), within(1e-4f));
            ModelOutputs inSession = trainer.predict(batch.images(), batch.count());
            assertThat(inSession.probabilities()).hasSize(4 * 7);
            assertThat(inSession.detections()).hasSize(4 * 4 * 4 * 11);
            ModelManifest sealed = trainer.export(modelDir, manifest());
            assertThat(sealed.files()).containsKey("saved_model.pb");

            RunnerOptions options = RunnerOptions.defaults().withBatchSize(3).withMinBoxScore(0.001f);
            DetectionDecoder decoder =
                    new DetectionDecoder(SIZE, SIZE, options.minBoxScore(), new NonMaxSuppression(options.nmsIou()));
            try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(modelDir, options)) {
                List<SlicePrediction> predictions = runner.predict(batch.images(), 4, SIZE, SIZE);
                assertThat(predictions).hasSize(4);
                for (int i = 0; i < 4; i++) {
                    for (int label = 0; label < 7; label++) {
                        assertThat(predictions.get(i).probabilities()[label])
                                .isCloseTo(inSession.probabilities()[i * 7 + label], within(1e-5f));
                    }
                    List<Box> expected = inSession.slices(decoder).get(i).boxes();
                    List<Box> reloaded = predictions.get(i).boxes();
                    assertThat(reloaded).hasSameSizeAs(expected).isNotEmpty();
                    assertThat(reloaded.get(0).label())
                            .isEqualTo(expected.get(0).label());
                    assertThat(new float[] {
                                reloaded.get(0).score(),
                                reloaded.get(0).x(),
                                reloaded.get(0).width()
                            })
                            .containsExactly(
                                    new float[] {
                                        expected.get(0).score(),
                                        expected.get(0).x(),
                                        expected.get(0).width()
                                    },
                                    within(1e-4f));
                }
            }
        }
    }

    @Test
    void theExportHoldsTheServingSignatureAndNoOptimizerState(@TempDir Path dir) throws Exception {
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.trainStep(SyntheticSquares.batch(2, SIZE, 5));
            trainer.exportSavedModel(dir);
            assertThatThrownBy(() -> trainer.exportSavedModel(dir)).hasMessageContaining("not empty");
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
            Signature signature = bundle.function("serving_default").signature();
            assertThat(signature.inputNames()).containsExactly("image");
            assertThat(signature.outputNames()).containsExactlyInAnyOrder("probabilities", "detections", "embeddings");
            List<String> operations = new ArrayList<>();
            bundle.graph().operations().forEachRemaining(op -> operations.add(op.name()));
            assertThat(operations)
                    .contains("stem_kernel")
                    .noneMatch(name -> name.contains("adam") || name.contains("-m"));
        }
    }

    @Test
    void lossFallsOnATriviallyLearnableTask() {
        List<Float> losses = new ArrayList<>();
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults().withLearningRate(3e-3f))) {
            for (int step = 0; step < 20; step++) {
                losses.add(
                        trainer.trainStep(SyntheticSquares.batch(8, SIZE, step)).total());
            }
        }
        double first = losses.subList(0, 5).stream()
                .mapToDouble(Float::doubleValue)
                .average()
                .orElseThrow();
        double last = losses.subList(15, 20).stream()
                .mapToDouble(Float::doubleValue)
                .average()
                .orElseThrow();
        System.out.println("loss first 5 steps " + first + ", last 5 steps " + last + ": " + losses);
        assertThat(last).isLessThan(0.8 * first);
    }

    @Test
    void aRestoredCheckpointGivesTheSameOutputs(@TempDir Path dir) throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(2, SIZE, 7);
        ModelOutputs before;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.trainStep(batch);
            trainer.saveCheckpoint(dir, 1);
            trainer.trainStep(batch);
            trainer.saveCheckpoint(dir, 2);
            before = trainer.predict(batch.images(), 2);
        }
        try (Trainer resumed = new Trainer(tiny(), TrainerOptions.defaults().withLearningRate(0.5f))) {
            assertThat(resumed.restoreLatestCheckpoint(dir)).isEqualTo(OptionalInt.of(2));
            assertThat(resumed.predict(batch.images(), 2).probabilities()).containsExactly(before.probabilities());
        }
        assertThat(Files.exists(dir.resolve("epoch-0001/variables.index"))).isTrue();
    }

    @Test
    void aTrainerInitialisedFromAnExportedModelStartsFromItsWeightsWithAFreshOptimizer(@TempDir Path dir) {
        TrainingBatch batch = SyntheticSquares.batch(2, SIZE, 7);
        Path exported = dir.resolve("model");
        float[] trained;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                trainer.trainStep(batch);
            }
            trained = trainer.predict(batch.images(), 2).probabilities();
            trainer.exportSavedModel(exported);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // another seed: other initial weights, so equal outputs can only come from the exported ones
        try (Trainer other = new Trainer(tiny(), new TrainerOptions(1e-3f, 7, 1f, 0.99f, 0))) {
            assertThat(other.predict(batch.images(), 2).probabilities()).isNotEqualTo(trained);
            other.initialiseFrom(exported);
            assertThat(other.predict(batch.images(), 2).probabilities()).containsExactly(trained, within(1e-6f));
            LossValues first = other.trainStep(batch);
            assertThat(first.total()).isFinite();
        }
    }

    @Test
    void aNetworkWithSliceContextStartsFromOneWithoutComputingWhatItDidThenLearnsFromTheNeighbours(@TempDir Path dir)
            throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(3, SIZE, 11);
        Path plain = dir.resolve("plain");
        ModelOutputs before;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.trainStep(batch);
            trainer.trainStep(batch);
            before = trainer.predict(batch.images(), 3);
            trainer.export(plain, manifest());
        }
        // neighbours unlike the slice: only zero stem weights for them give the plain network's outputs
        float[] context = withNeighbours(
                SyntheticSquares.batch(3, SIZE, 12).images(),
                batch.images(),
                SyntheticSquares.batch(3, SIZE, 13).images());
        Path withContext = dir.resolve("context");
        try (Trainer trainer = new Trainer(tiny().withSliceContext(true), new TrainerOptions(1e-3f, 7, 1f, 0.99f, 0))) {
            assertThat(trainer.initialiseFrom(plain).all()).isTrue();
            ModelOutputs started = trainer.predict(context, 3);
            assertThat(started.probabilities()).containsExactly(before.probabilities(), within(1e-5f));
            assertThat(maxDifference(started.detections(), before.detections())).isLessThan(1e-5f);
            assertThatThrownBy(() -> trainer.trainStep(batch))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 channels but the network takes 9");

            TrainingBatch contextBatch = new TrainingBatch(context, 3, SIZE, SIZE, batch.labels(), batch.boxes());
            for (int i = 0; i < 3; i++) {
                trainer.trainStep(contextBatch);
            }
            // the neighbours' weights have left zero: the same slice with other neighbours scores otherwise
            float[] ownOnly = withNeighbours(batch.images(), batch.images(), batch.images());
            float[] trained = trainer.predict(context, 3).probabilities();
            assertThat(trainer.predict(ownOnly, 3).probabilities()).isNotEqualTo(trained);

            trainer.export(withContext, manifest().withSliceContext(true));
            RunnerOptions options = RunnerOptions.defaults().withMinBoxScore(0.001f);
            try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(withContext, options)) {
                assertThat(runner.manifest().inputChannels()).isEqualTo(9);
                List<SlicePrediction> served = runner.predict(context, 3, SIZE, SIZE);
                for (int i = 0; i < 3; i++) {
                    for (int label = 0; label < 7; label++) {
                        assertThat(served.get(i).probabilities()[label])
                                .isCloseTo(trained[i * 7 + label], within(1e-5f));
                    }
                }
                assertThatThrownBy(() -> runner.predict(batch.images(), 3, SIZE, SIZE))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("x9");
            }
            // the same network under a manifest without slice context is refused when it loads
            Path mislabelled = dir.resolve("mislabelled");
            trainer.export(mislabelled, manifest());
            assertThatThrownBy(() -> TensorFlowModelRunner.open(mislabelled, options))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has 9 channels")
                    .hasMessageContaining("sliceContext");
        }
        try (Trainer without = new Trainer(tiny(), TrainerOptions.defaults())) {
            assertThatThrownBy(() -> without.initialiseFrom(withContext))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--slice-context");
        }
    }

    /** Per pixel, the previous slice's three channels, the slice's own, the next slice's (as the preprocessor lays them). */
    private static float[] withNeighbours(float[] previous, float[] own, float[] next) {
        float[] out = new float[own.length * 3];
        for (int p = 0; p < own.length / 3; p++) {
            System.arraycopy(previous, p * 3, out, p * 9, 3);
            System.arraycopy(own, p * 3, out, p * 9 + 3, 3);
            System.arraycopy(next, p * 3, out, p * 9 + 6, 3);
        }
        return out;
    }

    private static float maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void blendingMovesEveryWeightLinearlyTowardsTheOtherModel(@TempDir Path dir) throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(2, SIZE, 7);
        Path a;
        Path b;
        float[] alone;
        float[] other;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.trainStep(batch);
            alone = trainer.predict(batch.images(), 2).probabilities();
            a = exportTo(trainer, dir.resolve("a"));
        }
        try (Trainer trainer = new Trainer(tiny(), new TrainerOptions(1e-3f, 7, 1f, 0.99f, 0))) {
            trainer.trainStep(batch);
            other = trainer.predict(batch.images(), 2).probabilities();
            b = exportTo(trainer, dir.resolve("b"));
        }
        float[] halfway;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.initialiseFrom(a);
            trainer.blendWith(b, 0.5f);
            halfway = trainer.predict(batch.images(), 2).probabilities();
            assertThat(halfway).isNotEqualTo(alone).isNotEqualTo(other);
        }
        // the other way round, and in two steps: 0.75 a + 0.25 b, then 2/3 of that + 1/3 b, are the same network
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.initialiseFrom(b);
            trainer.blendWith(a, 0.5f);
            assertThat(trainer.predict(batch.images(), 2).probabilities()).containsExactly(halfway, within(1e-6f));
        }
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.initialiseFrom(a);
            trainer.blendWith(b, 0.25f);
            trainer.blendWith(b, 1f / 3);
            assertThat(trainer.predict(batch.images(), 2).probabilities()).containsExactly(halfway, within(1e-5f));
            // a model blended with itself stays as it is
            trainer.initialiseFrom(a);
            trainer.blendWith(a, 0.3f);
            assertThat(trainer.predict(batch.images(), 2).probabilities()).containsExactly(alone, within(1e-5f));
        }
        try (Trainer wider = new Trainer(ModelConfig.small(SIZE, 8), TrainerOptions.defaults())) {
            assertThatThrownBy(() -> wider.blendWith(a, 0.5f))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(a + " cannot be blended with this network");
            assertThatThrownBy(() -> wider.blendWith(a, 1f)).hasMessage("blend share 1.0 is outside (0, 1)");
            assertThatThrownBy(() -> wider.blendWith(dir, 0.5f)).hasMessageContaining("holds no SavedModel variables");
        }
    }

    @Test
    void trainingTheDetectorAloneChangesTheBoxesAndNotTheProbabilities(@TempDir Path dir) throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(4, SIZE, 5);
        TrainingBatch probe = SyntheticSquares.batch(3, SIZE, 6);
        Path exported = dir.resolve("model");
        ModelOutputs start;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                trainer.trainStep(batch);
            }
            start = trainer.predict(probe.images(), 3);
            trainer.exportSavedModel(exported);
        }
        TrainerOptions detectorOnly = new TrainerOptions(3e-3f, 42, 1f, 0.99f, 0, true, 1f);
        try (Trainer trainer = new Trainer(tiny(), detectorOnly)) {
            trainer.initialiseFrom(exported);
            try (Trainer everyLayer = new Trainer(tiny(), TrainerOptions.defaults())) {
                assertThat(trainer.parameterCount()).isPositive().isLessThan(everyLayer.parameterCount());
            }
            for (int i = 0; i < 4; i++) {
                assertThat(trainer.trainStep(batch).detection()).isFinite();
            }
            trainer.recomputeBatchNormStatistics(batches(batch, probe), 1, 2);
            ModelOutputs after = trainer.predict(probe.images(), 3);
            // backbone, classifier and their batch-norm averages untouched: the same probabilities, to the bit
            assertThat(after.probabilities()).containsExactly(start.probabilities());
            assertThat(after.detections()).isNotEqualTo(start.detections());
        }
    }

    @Test
    void aStride8DetectorStartsFreshOnAStride16ModelsBackboneAndServesAGridTwiceAsFine(@TempDir Path dir)
            throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(4, SIZE, 5);
        TrainingBatch probe = SyntheticSquares.batch(3, SIZE, 6);
        Path coarse = dir.resolve("coarse");
        Path fine = dir.resolve("fine");
        ModelOutputs start;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                trainer.trainStep(batch);
            }
            start = trainer.predict(probe.images(), 3);
            assertThat(trainer.initialiseFrom(exportTo(trainer, coarse)).all()).isTrue();
        }
        ModelConfig stride8 = tiny().withDetectorStride(8);
        assertThat(stride8.gridSize()).isEqualTo(8);
        TrainerOptions detectorOnly = new TrainerOptions(3e-3f, 42, 1f, 0.99f, 0, true, 1f);
        ModelOutputs after;
        try (Trainer trainer = new Trainer(stride8, detectorOnly)) {
            // the backbone and classifier come from the stride-16 model; its head has other shapes, so not the head
            assertThat(trainer.initialiseFrom(coarse)).isEqualTo(new Trainer.Restored(false, true));
            for (int i = 0; i < 4; i++) {
                assertThat(trainer.trainStep(batch).detection()).isFinite();
            }
            after = trainer.predict(probe.images(), 3);
            assertThat(after.probabilities()).containsExactly(start.probabilities());
            assertThat(after.grid()).isEqualTo(8);
            assertThat(after.detections()).hasSize(3 * 8 * 8 * DetectionDecoder.CELL_VALUES);
            trainer.export(fine, manifest());
        }
        // a stride-8 model restores its own head
        try (Trainer again = new Trainer(stride8, TrainerOptions.defaults())) {
            assertThat(again.initialiseFrom(fine).all()).isTrue();
            assertThat(again.predict(probe.images(), 3).detections()).containsExactly(after.detections());
        }
        // the server reads the grid from the output's shape: boxes anywhere on the finer grid
        RunnerOptions options = RunnerOptions.defaults().withMinBoxScore(0f);
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(fine, options)) {
            List<SlicePrediction> predictions = runner.predict(probe.images(), 3, SIZE, SIZE);
            assertThat(predictions.get(0).probabilities()[0]).isCloseTo(start.probabilities()[0], within(1e-5f));
            assertThat(predictions.get(0).boxes()).isNotEmpty();
        }
    }

    @Test
    void aTwoGridHeadKeepsAOneGridModelsHeadOnStride16AndServesBothGrids(@TempDir Path dir) throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(6, SIZE, 5);
        TrainingBatch probe = SyntheticSquares.batch(3, SIZE, 6);
        Path oneGrid = dir.resolve("one-grid");
        Path twoGrids = dir.resolve("two-grids");
        ModelOutputs start;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                trainer.trainStep(batch);
            }
            start = trainer.predict(probe.images(), 3);
            exportTo(trainer, oneGrid);
        }
        // the squares' sides are 8 to 23 px: those of at most 14 px train the stride-8 grid, those over 10 px stride 16
        ModelConfig config = tiny().withFineGrid(14, 10);
        assertThat(config.fineGridSize()).isEqualTo(8);
        assertThat(DetectionTargets.atMost(batch.boxes(), 14).stream()
                        .mapToInt(List::size)
                        .sum())
                .isPositive()
                .isLessThan(DetectionTargets.larger(batch.boxes(), 0).stream()
                        .mapToInt(List::size)
                        .sum());
        TrainerOptions detectorOnly = new TrainerOptions(3e-3f, 42, 1f, 0.99f, 0, true, 1f);
        ModelOutputs after;
        try (Trainer trainer = new Trainer(config, detectorOnly)) {
            // backbone, classifier and the stride-16 head from the one-grid model; the stride-8 head is new
            Trainer.Restored heads = trainer.initialiseFrom(oneGrid);
            assertThat(heads).isEqualTo(new Trainer.Restored(true, false));
            assertThat(heads.fresh()).isEqualTo("the stride-8 grid's head");
            ModelOutputs restored = trainer.predict(probe.images(), 3);
            assertThat(restored.detections()).containsExactly(start.detections());
            assertThat(restored.fineGrid()).isEqualTo(8);
            assertThat(restored.fineDetections()).hasSize(3 * 8 * 8 * DetectionDecoder.CELL_VALUES);
            for (int i = 0; i < 4; i++) {
                assertThat(trainer.trainStep(batch).detection()).isFinite();
            }
            after = trainer.predict(probe.images(), 3);
            assertThat(after.probabilities()).containsExactly(start.probabilities());
            assertThat(after.fineDetections()).isNotEqualTo(restored.fineDetections());
            trainer.export(twoGrids, manifest());
        }
        try (Trainer again = new Trainer(config, TrainerOptions.defaults())) {
            assertThat(again.initialiseFrom(twoGrids).all()).isTrue();
            assertThat(again.predict(probe.images(), 3).fineDetections()).containsExactly(after.fineDetections());
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(twoGrids.toString(), "serve")) {
            assertThat(bundle.function(ServingGraph.SIGNATURE_KEY).signature().outputNames())
                    .contains("detections", "fine_detections");
        }
        // the server decodes both grids: every box of the trainer's decoding of both, none of one grid's alone
        DetectionDecoder decoder = new DetectionDecoder(SIZE, SIZE, 0f, new NonMaxSuppression(0.45f));
        List<SlicePrediction> expected = after.slices(decoder);
        RunnerOptions options = RunnerOptions.defaults().withMinBoxScore(0f);
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(twoGrids, options)) {
            List<SlicePrediction> served = runner.predict(probe.images(), 3, SIZE, SIZE);
            for (int i = 0; i < 3; i++) {
                assertThat(served.get(i).boxes()).hasSameSizeAs(expected.get(i).boxes());
                assertThat(served.get(i).boxes().size())
                        .isGreaterThan(decoder.decode(after.detections(), i, after.grid())
                                .size());
            }
        }
        // every subtype read from the stride-8 grid alone (the manifest's boxGrids): the trainer's boxes of that grid
        java.util.Map<HemorrhageLabel, BoxGrid> fineOnly = new java.util.EnumMap<>(HemorrhageLabel.class);
        HemorrhageLabel.subtypes().forEach(s -> fineOnly.put(s, BoxGrid.FINE));
        Path fineBoxes = dir.resolve("fine-boxes");
        try (Trainer again = new Trainer(config, TrainerOptions.defaults())) {
            assertThat(again.initialiseFrom(twoGrids).all()).isTrue();
            again.export(fineBoxes, manifest().withBoxGrids(fineOnly));
        }
        List<SlicePrediction> fineExpected = after.slices(new DetectionDecoder(
                SIZE, SIZE, 0f, new NonMaxSuppression(0.45f), label -> BoxScale.IDENTITY, label -> BoxGrid.FINE));
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(fineBoxes, options)) {
            List<SlicePrediction> served = runner.predict(probe.images(), 3, SIZE, SIZE);
            for (int i = 0; i < 3; i++) {
                assertThat(served.get(i).boxes())
                        .hasSameSizeAs(fineExpected.get(i).boxes());
                assertThat(served.get(i).boxes().size())
                        .isLessThan(expected.get(i).boxes().size());
            }
        }
        // a one-grid model has no stride-8 grid to read them from: refused as it loads, saying what to change
        Path oneGridFine = dir.resolve("one-grid-fine");
        try (Trainer again = new Trainer(tiny(), TrainerOptions.defaults())) {
            assertThat(again.initialiseFrom(oneGrid).all()).isTrue();
            again.export(oneGridFine, manifest().withBoxGrids(fineOnly));
        }
        assertThatThrownBy(() -> TensorFlowModelRunner.open(oneGridFine, options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no 'fine_detections' output")
                .hasMessageContaining("set it to 'coarse' or remove it");
    }

    @Test
    void aNarrowerStride8HeadTrainsBesideAWiderOnesStride16HeadAndServes(@TempDir Path dir) throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(6, SIZE, 5);
        TrainingBatch probe = SyntheticSquares.batch(3, SIZE, 6);
        ModelConfig wide = tiny().withFineGrid(14, 14);
        ModelConfig narrow = tiny().withFineGrid(14, 14, 8);
        assertThat(wide.fineHiddenWidth()).isEqualTo(wide.detectorWidth()).isEqualTo(16);
        assertThat(narrow.fineHiddenWidth()).isEqualTo(8);
        assertThat(tiny().fineHiddenWidth()).isZero();
        assertThatThrownBy(() -> tiny().withFineGrid(14, 14, 17))
                .hasMessageContaining("fine detector width 17 is outside 1..16");
        Path widePath = dir.resolve("wide");
        Path narrowPath = dir.resolve("narrow");
        ModelOutputs start;
        try (Trainer trainer = new Trainer(wide, TrainerOptions.defaults())) {
            for (int i = 0; i < 2; i++) {
                trainer.trainStep(batch);
            }
            start = trainer.predict(probe.images(), 3);
            exportTo(trainer, widePath);
        }
        TrainerOptions detectorOnly = new TrainerOptions(3e-3f, 42, 1f, 0.99f, 0, true, 1f);
        try (Trainer trainer = new Trainer(narrow, detectorOnly)) {
            // the backbone and the stride-16 head fit; the wider stride-8 head does not, so it starts fresh
            assertThat(trainer.initialiseFrom(widePath)).isEqualTo(new Trainer.Restored(true, false));
            ModelOutputs restored = trainer.predict(probe.images(), 3);
            assertThat(restored.detections()).containsExactly(start.detections());
            assertThat(restored.fineDetections()).isNotEqualTo(start.fineDetections());
            for (int i = 0; i < 3; i++) {
                assertThat(trainer.trainStep(batch).detection()).isFinite();
            }
            trainer.export(narrowPath, manifest());
        }
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(narrowPath, RunnerOptions.defaults().withMinBoxScore(0f))) {
            assertThat(runner.predict(probe.images(), 3, SIZE, SIZE).get(0).boxes())
                    .isNotEmpty();
        }
    }

    @Test
    void aDeeperStride16HeadStartsFreshOnAShallowerOnesBackboneAndRestoresItself(@TempDir Path dir) throws Exception {
        TrainingBatch batch = SyntheticSquares.batch(6, SIZE, 5);
        TrainingBatch probe = SyntheticSquares.batch(3, SIZE, 6);
        ModelConfig deep = tiny().withFineGrid(14, 14, 8).withDetectorDepth(2);
        assertThat(deep.detectorDepth()).isEqualTo(2);
        assertThat(deep.fineHiddenWidth()).isEqualTo(8);
        assertThatThrownBy(() -> tiny().withDetectorDepth(0)).hasMessageContaining("detector depth 0 is outside 1..4");
        Path shallow = dir.resolve("shallow");
        Path deeper = dir.resolve("deeper");
        ModelOutputs start;
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.trainStep(batch);
            start = trainer.predict(probe.images(), 3);
            exportTo(trainer, shallow);
        }
        TrainerOptions detectorOnly = new TrainerOptions(3e-3f, 42, 1f, 0.99f, 0, true, 1f);
        ModelOutputs after;
        try (Trainer trainer = new Trainer(deep, detectorOnly)) {
            // the backbone and classifier fit; the stride-16 head has another depth, so it starts fresh
            Trainer.Restored restored = trainer.initialiseFrom(shallow);
            assertThat(restored).isEqualTo(new Trainer.Restored(false, false));
            assertThat(restored.fresh()).isEqualTo("both detection heads");
            assertThat(trainer.predict(probe.images(), 3).detections()).isNotEqualTo(start.detections());
            for (int i = 0; i < 3; i++) {
                assertThat(trainer.trainStep(batch).detection()).isFinite();
            }
            after = trainer.predict(probe.images(), 3);
            assertThat(after.probabilities()).containsExactly(start.probabilities());
            trainer.export(deeper, manifest());
        }
        try (Trainer again = new Trainer(deep, TrainerOptions.defaults())) {
            assertThat(again.initialiseFrom(deeper).all()).isTrue();
            ModelOutputs restored = again.predict(probe.images(), 3);
            assertThat(restored.detections()).containsExactly(after.detections());
            assertThat(restored.fineDetections()).containsExactly(after.fineDetections());
        }
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(deeper, RunnerOptions.defaults().withMinBoxScore(0f))) {
            assertThat(runner.predict(probe.images(), 3, SIZE, SIZE).get(0).boxes())
                    .isNotEmpty();
        }
    }

    private static Path exportTo(Trainer trainer, Path directory) throws java.io.IOException {
        trainer.exportSavedModel(directory);
        return directory;
    }

    @Test
    void initialisingFromAnotherNetworkOrNoModelIsRefusedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path exported = dir.resolve("model");
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.exportSavedModel(exported);
        }
        try (Trainer wider = new Trainer(ModelConfig.small(SIZE, 8), TrainerOptions.defaults())) {
            assertThatThrownBy(() -> wider.initialiseFrom(exported))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a model of this network")
                    .hasMessageContaining("shape");
            assertThatThrownBy(() -> wider.initialiseFrom(dir.resolve("nothing")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an exported model");
        }
    }

    @Test
    void recomputedBatchNormAveragesAreThePlainMeanOfTheBatchesWhateverTheirOrder() {
        TrainingBatch a = SyntheticSquares.batch(4, SIZE, 1);
        TrainingBatch b = SyntheticSquares.batch(4, SIZE, 2);
        TrainingBatch probe = SyntheticSquares.batch(2, SIZE, 3);
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                trainer.trainStep(a);
            }
            float[] trained = trainer.predict(probe.images(), 2).probabilities();
            float[] before = trainer.predict(a.images(), 4).probabilities();

            assertThat(trainer.recomputeBatchNormStatistics(batches(a, b), 1, 10))
                    .isEqualTo(2);
            float[] ab = trainer.predict(probe.images(), 2).probabilities();
            // the inference pass reads the recomputed averages
            assertThat(ab).isNotEqualTo(trained);

            trainer.recomputeBatchNormStatistics(batches(b, a), 1, 10);
            // an exponential average would lean on the last batch; the plain mean does not depend on the order
            assertThat(trainer.predict(probe.images(), 2).probabilities()).containsExactly(ab, within(1e-5f));

            trainer.recomputeBatchNormStatistics(batches(a, a, a), 1, 10);
            float[] onlyA = trainer.predict(a.images(), 4).probabilities();
            trainer.recomputeBatchNormStatistics(batches(a), 1, 10);
            // the mean of three equal batches is that batch: nothing of the earlier averages is left
            assertThat(trainer.predict(a.images(), 4).probabilities()).containsExactly(onlyA, within(1e-5f));
            assertThat(onlyA).isNotEqualTo(before);
            // at most the batches asked for
            assertThat(trainer.recomputeBatchNormStatistics(batches(a, b), 1, 1))
                    .isEqualTo(1);
        }
    }

    private static BatchSource batches(TrainingBatch... batches) {
        return new BatchSource() {
            @Override
            public int batchCount() {
                return batches.length;
            }

            @Override
            public TrainingBatch batch(int epoch, int index) {
                return batches[index];
            }
        };
    }

    @Test
    void aCheckpointOfAnotherNetworkIsRefused(@TempDir Path dir) throws Exception {
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            trainer.saveCheckpoint(dir, 1);
        }
        try (Trainer other = new Trainer(ModelConfig.small(SIZE, 8), TrainerOptions.defaults())) {
            assertThatThrownBy(() -> other.restoreLatestCheckpoint(dir))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("checkpoint");
        }
    }

    @Test
    void aBatchOfTheWrongSizeIsRefused() {
        try (Trainer trainer = new Trainer(tiny(), TrainerOptions.defaults())) {
            TrainingBatch wrong = SyntheticSquares.batch(2, 96, 1);
            assertThatThrownBy(() -> trainer.trainStep(wrong)).hasMessageContaining("96x96");
        }
    }
}
