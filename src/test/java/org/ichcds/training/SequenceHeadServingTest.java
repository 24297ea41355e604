package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ichcds.TestFiles;
import org.ichcds.inference.Calibration;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.SeriesPrediction;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.StudyPrediction;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.training.sequence.SequenceHeadConfig;
import org.ichcds.training.sequence.SequenceHeadTrainer;
import org.ichcds.training.sequence.SeriesSample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny slice network and a sequence head, trained a few steps, exported into one model directory and served by the
 * runner: the served series outputs equal the training sessions', at any series length; a model without a head is
 * served as before; a manifest whose head does not fit is refused with a message naming the problem.
 */
class SequenceHeadServingTest {

    private static final int SIZE = TrainerTest.SIZE;
    private static final RunnerOptions OPTIONS = RunnerOptions.defaults().withBatchSize(16);

    @TempDir
    static Path dir;

    private static Path sliceOnly;
    private static Path withHead;
    private static int width;
    private static float[][] images;
    private static List<List<SlicePrediction>> sliceOnlyPredictions = new ArrayList<>();
    private static List<SequenceHeadTrainer.HeadOutput> sessionOutputs = new ArrayList<>();
    private static final int[] LENGTHS = {17, 40};

    @BeforeAll
    static void trainBoth() throws Exception {
        sliceOnly = dir.resolve("slice-only");
        try (Trainer trainer = new Trainer(TrainerTest.tiny(), TrainerOptions.defaults())) {
            trainer.trainStep(SyntheticSquares.batch(4, SIZE, 1));
            trainer.export(sliceOnly, TrainerTest.manifest());
        }
        images = new float[LENGTHS.length][];
        List<float[]> embeddings = new ArrayList<>();
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(sliceOnly, OPTIONS)) {
            width = runner.embeddingWidth().orElseThrow();
            for (int k = 0; k < LENGTHS.length; k++) {
                images[k] = SyntheticSquares.batch(LENGTHS[k], SIZE, 10 + k).images();
                sliceOnlyPredictions.add(runner.predict(images[k], LENGTHS[k], SIZE, SIZE));
                embeddings.add(runner.embeddings(images[k], LENGTHS[k], SIZE, SIZE));
            }
        }
        withHead = dir.resolve("with-head");
        TestFiles.copyTree(sliceOnly, withHead);
        List<SeriesSample> series = new ArrayList<>();
        for (int k = 0; k < LENGTHS.length; k++) {
            series.add(new SeriesSample(
                    "s" + k, LENGTHS[k], embeddings.get(k), labels(LENGTHS[k] * 7, k), labels(7, k + 5)));
        }
        try (SequenceHeadTrainer head = new SequenceHeadTrainer(SequenceHeadConfig.fitted(series, 8, 1e-2f, 3, 1))) {
            for (int step = 0; step < 5; step++) {
                series.forEach(head::trainStep);
            }
            for (int k = 0; k < LENGTHS.length; k++) {
                sessionOutputs.add(head.predict(embeddings.get(k), LENGTHS[k]));
            }
            head.export(withHead.resolve("sequence"));
        }
        seal(withHead, new ModelManifest.SequenceHead("sequence", width, "test head"));
    }

    @Test
    void theServedSeriesOutputsAreTheTrainingSessionsAtSeventeenAndFortySlices() throws Exception {
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(withHead, OPTIONS)) {
            assertThat(runner.manifest().hasSequenceHead()).isTrue();
            for (int k = 0; k < LENGTHS.length; k++) {
                int s = LENGTHS[k];
                SeriesPrediction series = runner.predictSeries(images[k], s, SIZE, SIZE);
                assertThat(series.slices()).hasSize(s);
                assertThat(series.studyProbabilities()).isPresent();
                float[] study = series.studyProbabilities().orElseThrow();
                assertThat(study).containsExactly(sessionOutputs.get(k).study(), within(1e-6f));
                float[] refined = new float[s * 7];
                for (int i = 0; i < s; i++) {
                    System.arraycopy(series.slices().get(i).probabilities(), 0, refined, i * 7, 7);
                    // the head refines probabilities only: the boxes are the slice network's
                    assertThat(series.slices().get(i).boxes())
                            .isEqualTo(sliceOnlyPredictions.get(k).get(i).boxes());
                }
                assertThat(refined).containsExactly(sessionOutputs.get(k).slices(), within(1e-6f));
                assertThat(refined).isNotEqualTo(flatten(sliceOnlyPredictions.get(k)));

                StudyPrediction aggregated = new StudyAggregator(StudyAggregator.Options.defaults())
                        .aggregate(series, Calibration.identity());
                for (HemorrhageLabel label : HemorrhageLabel.values()) {
                    assertThat(aggregated.label(label).uncalibratedProbability())
                            .isEqualTo(study[label.ordinal()]);
                }
            }
            // the slice network alone still answers predict(), unchanged by the head
            assertThat(flatten(runner.predict(images[1], 40, SIZE, SIZE)))
                    .containsExactly(flatten(sliceOnlyPredictions.get(1)));
        }
    }

    @Test
    void labelsTheHeadDoesNotServeKeepTheSliceNetworksSlicesAndTheirMaximum(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TestFiles.copyTree(withHead, model);
        List<HemorrhageLabel> served = List.of(HemorrhageLabel.ANY, HemorrhageLabel.SUBARACHNOID);
        seal(model, new ModelManifest.SequenceHead("sequence", width, "test head").withLabels(served));
        assertThat(Files.readString(model.resolve("manifest.json")))
                .contains("\"labels\" : [ \"any\", \"subarachnoid\" ]");
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, OPTIONS)) {
            for (int k = 0; k < LENGTHS.length; k++) {
                int s = LENGTHS[k];
                SeriesPrediction series = runner.predictSeries(images[k], s, SIZE, SIZE);
                float[] study = series.studyProbabilities().orElseThrow();
                SeriesPrediction.StudySources sources = series.sources().orElseThrow();
                assertThat(sources.head()).containsExactly(sessionOutputs.get(k).study(), within(1e-6f));
                for (HemorrhageLabel label : HemorrhageLabel.values()) {
                    int c = label.ordinal();
                    float max = 0;
                    for (int i = 0; i < s; i++) {
                        float own = sliceOnlyPredictions.get(k).get(i).probability(label);
                        float head = sessionOutputs.get(k).slices()[i * 7 + c];
                        assertThat(series.slices().get(i).probability(label))
                                .as("slice %d of %s", i, label)
                                .isCloseTo(served.contains(label) ? head : own, within(1e-6f));
                        max = Math.max(max, own);
                    }
                    assertThat(sources.sliceNetwork()[c]).isEqualTo(max);
                    assertThat(study[c])
                            .as(label.code())
                            .isCloseTo(
                                    served.contains(label)
                                            ? sessionOutputs.get(k).study()[c]
                                            : max,
                                    within(1e-6f));
                }
                // the head was trained a few steps: its study output differs from the maximum where it is bypassed
                assertThat(sources.head()).isNotEqualTo(sources.sliceNetwork());
            }
        }
    }

    @Test
    void aModelWithoutAHeadIsServedAsBefore() throws Exception {
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(sliceOnly, OPTIONS)) {
            assertThat(runner.manifest().hasSequenceHead()).isFalse();
            SeriesPrediction series = runner.predictSeries(images[0], 17, SIZE, SIZE);
            assertThat(series.studyProbabilities()).isEmpty();
            assertThat(series.sources()).isEmpty();
            assertThat(flatten(series.slices())).containsExactly(flatten(sliceOnlyPredictions.get(0)));
            StudyPrediction aggregated =
                    new StudyAggregator(StudyAggregator.Options.defaults()).aggregate(series, Calibration.identity());
            float max = 0;
            for (SlicePrediction p : sliceOnlyPredictions.get(0)) {
                max = Math.max(max, p.probability(HemorrhageLabel.ANY));
            }
            assertThat(aggregated.label(HemorrhageLabel.ANY).uncalibratedProbability())
                    .isEqualTo(max);
        }
        assertThat(Files.readString(sliceOnly.resolve("manifest.json"))).doesNotContain("sequenceHead");
    }

    @Test
    void theShippedModelHasNoHeadAndIsServedAsBeforeButRefusesAHeadItCannotFeed(@TempDir Path tmp) throws Exception {
        Path shipped = Path.of("models/ich-phantom-v1");
        int size = 256;
        float[] slices = new float[3 * size * size * 3];
        Random random = new Random(5);
        for (int i = 0; i < slices.length; i++) {
            slices[i] = random.nextFloat();
        }
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(shipped, OPTIONS)) {
            assertThat(runner.manifest().hasSequenceHead()).isFalse();
            assertThat(runner.embeddingWidth()).isEmpty();
            SeriesPrediction series = runner.predictSeries(slices, 3, size, size);
            assertThat(series.studyProbabilities()).isEmpty();
            assertThat(flatten(series.slices())).containsExactly(flatten(runner.predict(slices, 3, size, size)));
            assertThatThrownBy(() -> runner.embeddings(slices, 3, size, size))
                    .hasMessageContaining("has no 'embeddings' output");
        }
        Path model = tmp.resolve("model");
        TestFiles.copyTree(shipped, model);
        TestFiles.copyTree(withHead.resolve("sequence"), model.resolve("sequence"));
        ModelManifest base = new ModelDirectory(shipped).verifiedManifest();
        new ModelDirectory(model).seal(base.withSequenceHead(new ModelManifest.SequenceHead("sequence", width, "x")));
        assertThatThrownBy(() -> TensorFlowModelRunner.open(model, OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names a sequence head but the slice SavedModel has no 'embeddings' output");
    }

    @Test
    void aManifestNamingAMissingHeadDirectoryIsRefused(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TestFiles.copyTree(withHead, model);
        seal(model, new ModelManifest.SequenceHead("head", width, "moved"));
        assertThatThrownBy(() -> TensorFlowModelRunner.open(model, OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence head directory 'head'")
                .hasMessageContaining("no saved_model.pb");
    }

    @Test
    void aHeadOfAnotherEmbeddingWidthIsRefused(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TestFiles.copyTree(withHead, model);
        seal(model, new ModelManifest.SequenceHead("sequence", width + 1, "wrong width"));
        assertThatThrownBy(() -> TensorFlowModelRunner.open(model, OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence head input 'embeddings' is " + width + " wide")
                .hasMessageContaining("embeddingWidth is " + (width + 1));

        // a head trained on wider embeddings than the slice network gives, its manifest consistent with the head
        Path wider = tmp.resolve("wider");
        TestFiles.copyTree(sliceOnly, wider);
        float[] embeddings = new float[3 * (width + 2)];
        SeriesSample one = new SeriesSample("w", 3, embeddings, new float[21], new float[7]);
        try (SequenceHeadTrainer head =
                new SequenceHeadTrainer(SequenceHeadConfig.fitted(List.of(one), 4, 1e-3f, 1, 1))) {
            head.export(wider.resolve("sequence"));
        }
        seal(wider, new ModelManifest.SequenceHead("sequence", width + 2, "wider"));
        assertThatThrownBy(() -> TensorFlowModelRunner.open(wider, OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slice SavedModel's 'embeddings' output is " + width + " wide")
                .hasMessageContaining("embeddingWidth is " + (width + 2));
    }

    @Test
    void aHeadWhoseFilesAreGoneIsRefusedByTheIntegrityCheck(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TestFiles.copyTree(withHead, model);
        Files.delete(model.resolve("sequence/saved_model.pb"));
        assertThatThrownBy(() -> TensorFlowModelRunner.open(model, OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence/saved_model.pb")
                .hasMessageContaining("missing");
    }

    private static void seal(Path model, ModelManifest.SequenceHead head) throws IOException {
        // the slice-only manifest with the head; sealing lists the digests of whatever the directory now holds
        ModelManifest base = new ModelDirectory(sliceOnly).verifiedManifest();
        new ModelDirectory(model).seal(base.withSequenceHead(head));
    }

    private static float[] labels(int count, long seed) {
        Random random = new Random(seed);
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextBoolean() ? 1f : 0f;
        }
        return labels;
    }

    private static float[] flatten(List<SlicePrediction> predictions) {
        float[] out = new float[predictions.size() * 7];
        for (int i = 0; i < predictions.size(); i++) {
            System.arraycopy(predictions.get(i).probabilities(), 0, out, i * 7, 7);
        }
        return out;
    }
}
