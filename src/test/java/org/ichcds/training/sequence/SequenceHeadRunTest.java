package org.ichcds.training.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ichcds.TestFiles;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.SeriesPrediction;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.calibration.HeadLabels;
import org.ichcds.training.dataset.Augmentation;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.run.EpochSelection;
import org.ichcds.training.run.TrainingRun;
import org.ichcds.training.run.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke of the whole head run on phantoms: a tiny slice network trained two steps, then a head trained on its
 * embeddings, exported into the model directory, recorded in the sealed manifest and recalibrated; the server's runner
 * then serves the study output.
 */
class SequenceHeadRunTest {

    @Test
    void addsASealedRecalibratedHeadTheRunnerServes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path model = dir.resolve("models/tiny");
        tinyModel(data, model);
        ModelManifest before = new ModelDirectory(model).verifiedManifest();
        List<Integer> epochs = new ArrayList<>();
        SequenceHeadRun.Settings settings = new SequenceHeadRun.Settings(
                model,
                data,
                3,
                8,
                SequenceHeadConfig.DEFAULT_KERNELS,
                1e-3f,
                5,
                false,
                1,
                "ichcds train-head --test",
                null,
                HeadLabels.parse("all"),
                true,
                0.1f);

        // progress: studies to load and loaded, series to embed and embedded
        int[] progress = new int[4];
        int[] splits = new int[2];
        SequenceHeadRun.Result result = new SequenceHeadRun(settings, new SequenceHeadRun.Reporter() {
                    @Override
                    public void loading(int studies) {
                        progress[0] = studies;
                    }

                    @Override
                    public synchronized void studyLoaded() {
                        progress[1]++;
                    }

                    @Override
                    public void embedding(int count) {
                        progress[2] = count;
                    }

                    @Override
                    public void seriesEmbedded() {
                        progress[3]++;
                    }

                    @Override
                    public void loaded(int training, int validation, int width) {
                        splits[0] = training;
                        splits[1] = validation;
                    }

                    @Override
                    public void epoch(int epoch, double trainingLoss, double validationLoss) {
                        assertThat(validationLoss).isFinite();
                        epochs.add(epoch);
                    }
                })
                .run();

        assertThat(epochs).containsExactly(1, 2, 3);
        assertThat(progress[0]).isPositive().isEqualTo(progress[1]);
        assertThat(progress[2])
                .isEqualTo(progress[3])
                .isEqualTo(splits[0] + splits[1])
                .isPositive();
        ModelManifest after = new ModelDirectory(model).verifiedManifest();
        assertThat(after).isEqualTo(result.manifest());
        assertThat(after.sequenceHead().directory()).isEqualTo("sequence");
        // the head's settings reach the head and the manifest names them
        assertThat(after.sequenceHead().architecture()).contains("(fixed)").contains("penalised (0.100000)");
        assertThat(after.files()).containsKeys("saved_model.pb", "sequence/saved_model.pb");
        assertThat(after.files().get("saved_model.pb")).isEqualTo(before.files().get("saved_model.pb"));
        assertThat(after.metrics())
                .containsKeys(
                        "sequence.validation.loss",
                        "sequence.epoch.best",
                        "sequence.validation.studies",
                        "calibration.studies");
        assertThat(after.trainingData())
                .contains("sequence head trained on the slice embeddings")
                .contains("started from the slice classifier")
                .contains("recalibrated (platt calibration, thresholds) on " + data + " split val");
        assertThat(Files.readString(model.resolve("manifest.json"))).contains("\"sequenceHead\"");
        // the run says which labels the head serves, with both outputs' study AUCs on the validation studies
        HeadLabels.Choice choice = result.headLabels().orElseThrow();
        assertThat(choice.served()).containsExactlyInAnyOrder(org.ichcds.inference.HemorrhageLabel.values());
        assertThat(choice.report())
                .hasSize(org.ichcds.inference.HemorrhageLabel.COUNT)
                .allMatch(line -> line.contains("study AUC head ") && line.endsWith("served by the head"));

        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, RunnerOptions.defaults())) {
            assertThat(after.sequenceHead().embeddingWidth())
                    .isEqualTo(runner.embeddingWidth().orElseThrow());
            SeriesPrediction series = runner.predictSeries(new float[5 * 64 * 64 * 3], 5, 64, 64);
            // the classifier read from the variables is the one the slice network computes its probabilities with
            int width = runner.embeddingWidth().orElseThrow();
            SliceClassifier classifier = SliceClassifier.read(model, width);
            float[] images = new float[2 * 64 * 64 * 3];
            Random random = new Random(3);
            for (int i = 0; i < images.length; i++) {
                images[i] = random.nextFloat();
            }
            float[] embeddings = runner.embeddings(images, 2, 64, 64);
            List<SlicePrediction> predictions = runner.predict(images, 2, 64, 64);
            for (int i = 0; i < 2; i++) {
                float[] logits = classifier.logits(Arrays.copyOfRange(embeddings, i * width, (i + 1) * width));
                for (int l = 0; l < logits.length; l++) {
                    assertThat((double) predictions.get(i).probabilities()[l])
                            .isCloseTo(1 / (1 + Math.exp(-logits[l])), within(1e-5));
                }
            }
            assertThat(series.slices()).hasSize(5);
            assertThat(series.studyProbabilities()).isPresent();
        }
        assertThatThrownBy(() -> new SequenceHeadRun(settings, new SequenceHeadRun.Reporter() {}).run())
                .hasMessageContaining("already has a sequence head");
        assertThatThrownBy(() -> SliceClassifier.read(data, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an exported model");
    }

    @Test
    void aSecondRunReadsTheEmbeddingsTheFirstWrote(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path model = dir.resolve("models/tiny");
        tinyModel(data, model);
        Path again = dir.resolve("models/again");
        TestFiles.copyTree(model, again);
        Path file = dir.resolve("cache/tiny.embeddings");
        Runs first = run(model, data, file);
        assertThat(first.loaded).isPositive();
        assertThat(first.files).containsExactly("written " + file);

        Runs second = run(again, data, file);
        assertThat(second.loaded).isZero();
        assertThat(second.files).containsExactly("read " + file);
        // the same series and slice probabilities: the start (the slice classifier itself) scores the same loss, to
        // the last bit, and the head figures without the head are the same
        assertThat(second.startLoss).isEqualTo(first.startLoss);
        assertThat(second.result.figures())
                .containsAllEntriesOf(withoutHead(first.result.figures()))
                .hasSameSizeAs(first.result.figures());
        assertThat(second.result.fit().validationLosses())
                .containsExactlyElementsOf(first.result.fit().validationLosses());

        // the same network reading slabs sees other input: it embeds again
        Path slabbed = dir.resolve("models/slabbed");
        TestFiles.copyTree(again, slabbed);
        deleteHead(slabbed, model);
        Path manifest = slabbed.resolve("manifest.json");
        String json = Files.readString(manifest).stripTrailing();
        Files.writeString(manifest, json.substring(0, json.length() - 1) + ", \"slabMm\" : 3.0 }");
        Runs slabs = run(slabbed, data, file);
        assertThat(slabs.loaded).isPositive();
        assertThat(slabs.files).containsExactly("written " + file);

        // another data set (a training study moved to validation) embeds again and replaces the file
        Path other = dir.resolve("other");
        TestFiles.copyTree(data, other);
        Path studies = other.resolve("studies.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(studies));
        int moved = 1;
        while (!lines.get(moved).contains(",train,")) {
            moved++;
        }
        lines.set(moved, lines.get(moved).replaceFirst(",train,", ",val,"));
        Files.write(studies, lines);
        Path third = dir.resolve("models/third");
        TestFiles.copyTree(again, third);
        deleteHead(third, model);
        Runs replaced = run(third, other, file);
        assertThat(replaced.loaded).isPositive();
        assertThat(replaced.files).containsExactly("written " + file);

        // a file that cannot be written (its folder is a file) costs the file, not the run
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where a folder should be");
        Path fifth = dir.resolve("models/fifth");
        TestFiles.copyTree(model, fifth);
        deleteHead(fifth, model);
        Runs unwritten = run(fifth, data, blocked.resolve("tiny.embeddings"));
        assertThat(unwritten.files).containsExactly("not written " + blocked.resolve("tiny.embeddings"));
        assertThat(unwritten.result.manifest().sequenceHead()).isNotNull();
        assertThat(blocked).hasContent("a file where a folder should be");

        // a file that is not an embeddings file is refused before anything loads, and kept
        Path notOurs = dir.resolve("notes.txt");
        Files.writeString(notOurs, "mine");
        Path fourth = dir.resolve("models/fourth");
        TestFiles.copyTree(model, fourth);
        deleteHead(fourth, model);
        assertThatThrownBy(() -> run(fourth, data, notOurs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an embeddings file of train-head");
        assertThat(Files.readString(notOurs)).isEqualTo("mine");
    }

    private static java.util.Map<String, Double> withoutHead(java.util.Map<String, Double> figures) {
        java.util.Map<String, Double> slice = new java.util.TreeMap<>(figures);
        slice.keySet().removeIf(k -> k.endsWith(".after"));
        assertThat(slice).isNotEmpty();
        return slice;
    }

    private record Runs(SequenceHeadRun.Result result, int loaded, List<String> files, double startLoss) {}

    private static Runs run(Path model, Path data, Path file) throws Exception {
        int[] loaded = new int[1];
        double[] start = new double[1];
        List<String> files = new ArrayList<>();
        SequenceHeadRun.Result result = new SequenceHeadRun(
                        new SequenceHeadRun.Settings(
                                model,
                                data,
                                2,
                                8,
                                List.of(3, 3, 5),
                                1e-3f,
                                5,
                                false,
                                1,
                                "ichcds train-head --test",
                                file,
                                HeadLabels.parse("all"),
                                false,
                                0f),
                        new SequenceHeadRun.Reporter() {
                            @Override
                            public synchronized void studyLoaded() {
                                loaded[0]++;
                            }

                            @Override
                            public void start(double validationLoss) {
                                start[0] = validationLoss;
                            }

                            @Override
                            public void embeddingsFile(Path path, boolean read) {
                                files.add((read ? "read " : "written ") + path);
                            }

                            @Override
                            public void embeddingsNotWritten(Path path, String reason) {
                                assertThat(reason).isNotBlank();
                                files.add("not written " + path);
                            }
                        })
                .run();
        return new Runs(result, loaded[0], files, start[0]);
    }

    /** Puts back the manifest of the model before its head, so the copy can take a head again. */
    private static void deleteHead(Path copy, Path original) throws Exception {
        try (var walk = Files.walk(copy.resolve("sequence"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(
                original.resolveSibling("tiny.before.json"),
                copy.resolve("manifest.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A phantom data set of six studies and a tiny slice network trained two steps on it. */
    private static void tinyModel(Path data, Path model) throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(3, 256, 0.5, PhantomSettings.Identifiers.RSNA), 2)
                .write(data, 6, slices -> {});
        new TrainingRun(
                        new TrainingSettings(
                                data,
                                model,
                                TrainingSettings.defaultCheckpoints(model),
                                ModelConfig.small(64, 4),
                                1,
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
                                0f),
                        new TrainingRun.Reporter() {})
                .run();
        Files.copy(model.resolve("manifest.json"), model.resolveSibling("tiny.before.json"));
    }
}
