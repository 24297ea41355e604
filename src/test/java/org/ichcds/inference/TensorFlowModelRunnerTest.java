package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.Trainer;
import org.ichcds.training.TrainerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on a tiny exported network with random weights. */
class TensorFlowModelRunnerTest {

    static final int SIZE = 64;

    @TempDir
    static Path root;

    static Path model;

    /** The same weights, served with {@link TestTimeAugmentation#FLIP}. */
    static Path flipped;

    /** The same weights, with {@link BoxMerge#WEIGHTED}. */
    static Path merging;

    @BeforeAll
    static void exportTinyModel() throws Exception {
        model = root.resolve("tiny");
        flipped = root.resolve("tiny-flip");
        merging = root.resolve("tiny-merge");
        try (Trainer trainer = new Trainer(ModelConfig.small(SIZE, 4), TrainerOptions.defaults())) {
            trainer.export(model, ModelManifestTest.sample(SIZE));
            trainer.export(flipped, ModelManifestTest.sample(SIZE).withAugmentation(TestTimeAugmentation.FLIP));
            trainer.export(merging, ModelManifestTest.sample(SIZE).withBoxMerge(BoxMerge.WEIGHTED));
        }
    }

    static float[] slices(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count * SIZE * SIZE * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    @Test
    void predictsEverySliceWhateverTheBatchSize() throws Exception {
        float[] input = slices(5, 1);
        List<SlicePrediction> whole;
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(model, RunnerOptions.defaults().withBatchSize(5))) {
            whole = runner.predict(input, 5, SIZE, SIZE);
            assertThat(runner.manifest().id()).isEqualTo("ich-test");
        }
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(model, RunnerOptions.defaults().withBatchSize(2))) {
            List<SlicePrediction> batched = runner.predict(input, 5, SIZE, SIZE);
            assertThat(batched).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(batched.get(i).probabilities())
                        .containsExactly(whole.get(i).probabilities(), org.assertj.core.api.Assertions.within(1e-5f));
            }
            assertThat(runner.predict(new float[0], 0, SIZE, SIZE)).isEmpty();
        }
    }

    @Test
    void parallelCallsGiveTheSerialResults() throws Exception {
        int threads = 4;
        float[][] inputs = new float[threads][];
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(model, RunnerOptions.defaults().withMinBoxScore(0f))) {
            float[][] serial = new float[threads][];
            for (int t = 0; t < threads; t++) {
                inputs[t] = slices(3, 100 + t);
                serial[t] = flatten(runner.predict(inputs[t], 3, SIZE, SIZE));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<float[]>> futures = new java.util.ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        float[] in = inputs[t];
                        futures.add(pool.submit(() -> flatten(runner.predict(in, 3, SIZE, SIZE))));
                    }
                    for (int t = 0; t < threads; t++) {
                        assertThat(futures.get(t).get()).containsExactly(serial[t]);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[] flatten(List<SlicePrediction> predictions) {
        float[] out = new float[predictions.size() * 8];
        for (int i = 0; i < predictions.size(); i++) {
            System.arraycopy(predictions.get(i).probabilities(), 0, out, i * 8, 7);
            out[i * 8 + 7] = predictions.get(i).boxes().size();
        }
        return out;
    }

    @Test
    void refusesSlicesOfTheWrongSizeOrCount() throws Exception {
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, RunnerOptions.defaults())) {
            assertThatThrownBy(() -> runner.predict(slices(1, 1), 1, 32, 32)).hasMessageContaining("takes 64x64");
            assertThatThrownBy(() -> runner.predict(slices(1, 1), 2, SIZE, SIZE))
                    .hasMessageContaining("2 slices");
        }
    }

    @Test
    void refusesATamperedModelWithAClearError(@TempDir Path copy) throws Exception {
        try (var files = Files.walk(model)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(model.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path weights = copy.resolve("variables/variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 1;
        Files.write(weights, bytes);
        assertThatThrownBy(() -> TensorFlowModelRunner.open(copy, RunnerOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variables/variables.data-00000-of-00001 has sha256")
                .hasMessageContaining("but the manifest says");
    }

    @Test
    void aClosedRunnerRefusesWork() throws Exception {
        TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, RunnerOptions.defaults());
        runner.close();
        runner.close();
        assertThatThrownBy(() -> runner.predict(slices(1, 1), 1, SIZE, SIZE)).hasMessageContaining("closed");
    }

    @Test
    void aModelNamingWeightedMergingServesEachSlicesBoxesMergedAsItsManifestSays() throws Exception {
        float[] input = slices(3, 11);
        float iou = 0.3f;
        List<SlicePrediction> everyBox;
        List<SlicePrediction> suppressed;
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(model, new RunnerOptions(16, false, 0, 0.01f, 1f))) {
            everyBox = runner.predict(input, 3, SIZE, SIZE);
        }
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(model, new RunnerOptions(16, false, 0, 0.01f, iou))) {
            suppressed = runner.predict(input, 3, SIZE, SIZE);
        }
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(merging, new RunnerOptions(16, false, 0, 0.01f, iou))) {
            assertThat(runner.manifest().boxMergeMode()).isEqualTo(BoxMerge.WEIGHTED);
            List<SlicePrediction> merged = runner.predict(input, 3, SIZE, SIZE);
            boolean moved = false;
            for (int i = 0; i < 3; i++) {
                List<Box> boxes = merged.get(i).boxes();
                assertThat(boxes)
                        .isEqualTo(new NonMaxSuppression(iou, BoxMerge.WEIGHTED)
                                .apply(everyBox.get(i).boxes()));
                // the same boxes kept, with the same subtypes and scores, in the same order
                assertThat(boxes).hasSameSizeAs(suppressed.get(i).boxes());
                for (int b = 0; b < boxes.size(); b++) {
                    Box plain = suppressed.get(i).boxes().get(b);
                    assertThat(boxes.get(b).label()).isEqualTo(plain.label());
                    assertThat(boxes.get(b).score()).isEqualTo(plain.score());
                    moved |= boxes.get(b).x() != plain.x() || boxes.get(b).width() != plain.width();
                }
                assertThat(merged.get(i).probabilities())
                        .containsExactly(suppressed.get(i).probabilities());
            }
            assertThat(moved).as("some box merged with those it suppressed").isTrue();
        }
    }

    @Test
    void aModelNamingAMinBoxScoreServesItsBoxesFromItUnlessTheOptionsNameAnother() throws Exception {
        float[] input = slices(3, 13);
        List<SlicePrediction> everyBox;
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(model, new RunnerOptions(16, false, 0, 0.01f, 1f))) {
            everyBox = runner.predict(input, 3, SIZE, SIZE);
        }
        List<Float> scores = everyBox.stream()
                .flatMap(p -> p.boxes().stream())
                .map(Box::score)
                .sorted()
                .toList();
        assertThat(scores).hasSizeGreaterThan(4);
        float median = scores.get(scores.size() / 2);
        Path own = root.resolve("tiny-own-score");
        org.ichcds.TestFiles.copyTree(model, own);
        ModelDirectory directory = new ModelDirectory(own);
        directory.seal(directory.verifiedManifest().withMinBoxScore((double) median));

        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(own, new RunnerOptions(16, false, 0, null, 1f))) {
            assertThat(runner.minBoxScore()).isEqualTo(median);
            List<SlicePrediction> shown = runner.predict(input, 3, SIZE, SIZE);
            for (int i = 0; i < 3; i++) {
                assertThat(shown.get(i).boxes())
                        .isEqualTo(everyBox.get(i).boxes().stream()
                                .filter(b -> b.score() >= median)
                                .toList());
            }
            assertThat(shown.stream().mapToInt(p -> p.boxes().size()).sum()).isBetween(1, scores.size() - 1);
        }
        // the options' own score wins over the model's
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(own, new RunnerOptions(16, false, 0, 0.01f, 1f))) {
            assertThat(runner.minBoxScore()).isEqualTo(0.01f);
            List<SlicePrediction> all = runner.predict(input, 3, SIZE, SIZE);
            for (int i = 0; i < 3; i++) {
                assertThat(all.get(i).boxes()).isEqualTo(everyBox.get(i).boxes());
            }
        }
        // a model naming none shows from 0.25
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, RunnerOptions.defaults())) {
            assertThat(runner.minBoxScore()).isEqualTo(0.25f);
        }
    }

    @Test
    void flipServesTheMeanOfASliceAndItsMirror() throws Exception {
        float[] input = slices(3, 7);
        float[] mirrored = input.clone();
        for (int i = 0; i < 3; i++) {
            TestTimeFlip.mirrorSlice(mirrored, i * SIZE * SIZE * 3, SIZE, SIZE, 3);
        }
        RunnerOptions options = RunnerOptions.defaults().withBatchSize(2).withMinBoxScore(0.01f);
        List<SlicePrediction> plain;
        List<SlicePrediction> plainMirrored;
        float[] plainEmbeddings;
        float[] plainMirroredEmbeddings;
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, options)) {
            plain = runner.predict(input, 3, SIZE, SIZE);
            plainMirrored = runner.predict(mirrored, 3, SIZE, SIZE);
            plainEmbeddings = runner.embeddings(input, 3, SIZE, SIZE);
            plainMirroredEmbeddings = runner.embeddings(mirrored, 3, SIZE, SIZE);
        }
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(flipped, options)) {
            assertThat(runner.manifest().augmentation()).isEqualTo(TestTimeAugmentation.FLIP);
            List<SlicePrediction> both = runner.predict(input, 3, SIZE, SIZE);
            List<SlicePrediction> bothOfMirror = runner.predict(mirrored, 3, SIZE, SIZE);
            float[] embeddings = runner.embeddings(input, 3, SIZE, SIZE);
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < HemorrhageLabel.COUNT; k++) {
                    float mean = (plain.get(i).probabilities()[k]
                                    + plainMirrored.get(i).probabilities()[k])
                            / 2;
                    assertThat(both.get(i).probabilities()[k]).isEqualTo(mean, within(1e-5f));
                    assertThat(bothOfMirror.get(i).probabilities()[k]).isEqualTo(mean, within(1e-5f));
                }
                // the merged boxes of a mirrored slice are the merged boxes of the slice, mirrored
                List<Box> boxes = both.get(i).boxes();
                List<Box> ofMirror = bothOfMirror.get(i).boxes();
                assertThat(boxes).isNotEmpty().hasSameSizeAs(ofMirror);
                for (Box box : boxes) {
                    assertThat(ofMirror).anySatisfy(other -> {
                        assertThat(other.label()).isEqualTo(box.label());
                        assertThat(other.score()).isEqualTo(box.score(), within(1e-5f));
                        assertThat(other.x()).isEqualTo(SIZE - box.x() - box.width(), within(1e-3f));
                        assertThat(other.y()).isEqualTo(box.y(), within(1e-3f));
                        assertThat(other.width()).isEqualTo(box.width(), within(1e-3f));
                    });
                }
            }
            for (int i = 0; i < embeddings.length; i++) {
                assertThat(embeddings[i])
                        .isEqualTo((plainEmbeddings[i] + plainMirroredEmbeddings[i]) / 2, within(1e-5f));
            }
        }
    }

    @Test
    void flipShareMirrorsOnlyTheSlicesTheNetworkGivesTheMostAny() throws Exception {
        int count = 5;
        float[] input = slices(count, 11);
        RunnerOptions options = RunnerOptions.defaults().withBatchSize(2).withMinBoxScore(0.01f);
        List<SlicePrediction> plain;
        List<SlicePrediction> everySlice;
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, options)) {
            plain = runner.predict(input, count, SIZE, SIZE);
        }
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(flipped, options)) {
            everySlice = runner.predict(input, count, SIZE, SIZE);
            assertThat(runner.passes()).isEqualTo(new TensorFlowModelRunner.Passes(count, count));
        }
        float[] any = new float[count];
        for (int i = 0; i < count; i++) {
            any[i] = plain.get(i).probability(HemorrhageLabel.ANY);
        }
        float[] sorted = any.clone();
        java.util.Arrays.sort(sorted);
        assertThat(sorted[1]).as("distinct any probabilities").isLessThan(sorted[2]);
        Path shared = root.resolve("tiny-flip-share");
        org.ichcds.TestFiles.copyTree(flipped, shared);
        ModelDirectory directory = new ModelDirectory(shared);
        // 0.5 of 5 slices: the 3 with the most any
        directory.seal(directory.verifiedManifest().withFlipShare(0.5));
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(shared, options)) {
            List<SlicePrediction> served = runner.predict(input, count, SIZE, SIZE);
            for (int i = 0; i < count; i++) {
                // one of the three is served as with every slice flipped, another as without flip
                SlicePrediction expected = any[i] >= sorted[2] ? everySlice.get(i) : plain.get(i);
                for (int k = 0; k < HemorrhageLabel.COUNT; k++) {
                    assertThat(served.get(i).probabilities()[k]).isEqualTo(expected.probabilities()[k], within(1e-5f));
                }
                assertThat(served.get(i).boxes()).hasSameSizeAs(expected.boxes());
            }
            assertThat(runner.passes()).isEqualTo(new TensorFlowModelRunner.Passes(count, 3));
            assertThat(runner.passes().mirroredShare()).isEqualTo(0.6);
        }
    }
}
