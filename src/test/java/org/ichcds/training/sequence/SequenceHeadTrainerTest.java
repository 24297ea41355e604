package org.ichcds.training.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.evaluation.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** The sequence head trains on series of varying length, learns from neighbours, and exports what it computes. */
class SequenceHeadTrainerTest {

    private static final int WIDTH = 8;
    private static final int ANY = HemorrhageLabel.ANY.ordinal();

    @Test
    void theHeadBeatsThePerSliceInputOnATaskWhereNeighboursTell() throws Exception {
        List<SeriesSample> training = ToySeries.generate(60, WIDTH, 1);
        List<SeriesSample> validation = ToySeries.generate(40, WIDTH, 2);
        SequenceHeadConfig config = SequenceHeadConfig.fitted(training, 16, 3e-3f, 7, 1);
        try (SequenceHeadTrainer trainer = new SequenceHeadTrainer(config)) {
            double untrained = SequenceHeadFit.meanLoss(trainer, validation);
            SequenceHeadFit.Result fit = SequenceHeadFit.run(trainer, training, validation, 15, (e, t, v) -> {});
            double[] input = new double[2];
            double[] head = new double[2];
            auc(validation, trainer, input, head);
            System.out.printf(
                    "toy neighbour task (validation, 40 series): loss %.3f -> %.3f (epoch %d);"
                            + " slice AUC(any) input %.3f head %.3f; study AUC(any) input max %.3f head %.3f%n",
                    untrained, fit.bestValidationLoss(), fit.bestEpoch(), input[0], head[0], input[1], head[1]);
            assertThat(fit.bestValidationLoss()).isLessThan(0.7 * untrained);
            assertThat(head[0]).isGreaterThan(input[0] + 0.05);
            assertThat(head[1]).isGreaterThan(input[1]);
        }
    }

    @Test
    void theSameSeedTrainsTheSameHead() throws Exception {
        List<SeriesSample> training = ToySeries.generate(20, WIDTH, 1);
        List<SeriesSample> validation = ToySeries.generate(10, WIDTH, 2);
        List<List<Double>> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 4; run++) {
            try (SequenceHeadTrainer trainer =
                    new SequenceHeadTrainer(SequenceHeadConfig.fitted(training, 16, 3e-3f, 7, 0))) {
                runs.add(SequenceHeadFit.run(trainer, training, validation, 2, (e, t, v) -> {})
                        .validationLosses());
            }
        }
        assertThat(runs).allSatisfy(losses -> assertThat(losses).isEqualTo(runs.get(0)));
    }

    @Test
    void eachSliceSeesAsManyNeighboursAsItsConvolutionsReach() {
        List<SeriesSample> series = ToySeries.generate(4, WIDTH, 9);
        // 3, 3 and 5: one + one + two = four neighbours on each side
        for (List<Integer> kernels : List.of(SequenceHeadConfig.DEFAULT_KERNELS, List.of(3, 3, 5))) {
            int reach = kernels.stream().mapToInt(k -> (k - 1) / 2).sum();
            try (SequenceHeadTrainer trainer =
                    new SequenceHeadTrainer(SequenceHeadConfig.fitted(series, 8, kernels, 1e-3f, 7, 1))) {
                int slices = 12;
                float[] embeddings = ToySeries.embeddings(slices, WIDTH, 5);
                float[] before = trainer.predict(embeddings, slices).slices();
                float[] changed = embeddings.clone();
                for (int f = 0; f < WIDTH; f++) {
                    changed[f] += 3f; // slice 0 only
                }
                float[] after = trainer.predict(changed, slices).slices();
                for (int i = 0; i < slices; i++) {
                    boolean moved = false;
                    for (int l = 0; l < HemorrhageLabel.COUNT; l++) {
                        int at = i * HemorrhageLabel.COUNT + l;
                        moved |= Math.abs(after[at] - before[at]) > 1e-6;
                    }
                    assertThat(moved)
                            .as("slice %d with kernels %s (reach %d)", i, kernels, reach)
                            .isEqualTo(i <= reach);
                }
            }
        }
        assertThatThrownBy(() -> SequenceHeadConfig.fitted(series, 8, List.of(3, 4), 1e-3f, 7, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("each odd");
    }

    @Test
    void aHeadStartedFromTheSliceClassifierPredictsWhatTheClassifierDoes() {
        // features far from zero mean and unit scale, so the standardisation the head applies first has to be undone
        List<SeriesSample> series = shifted(ToySeries.generate(6, WIDTH, 4));
        SliceClassifier classifier = classifier(11, 1f);
        SequenceHeadConfig config = SequenceHeadConfig.fitted(series, 16, 1e-3f, 7, 1);
        try (SequenceHeadTrainer trainer = new SequenceHeadTrainer(config, classifier)) {
            for (SeriesSample s : series) {
                SequenceHeadTrainer.HeadOutput out = trainer.predict(s.embeddings(), s.slices());
                for (int l = 0; l < HemorrhageLabel.COUNT; l++) {
                    double max = 0;
                    for (int i = 0; i < s.slices(); i++) {
                        double expected = sigmoid(classifier.logits(embedding(s, i))[l]);
                        assertThat((double) out.slices()[i * HemorrhageLabel.COUNT + l])
                                .isCloseTo(expected, within(1e-5));
                        max = Math.max(max, expected);
                    }
                    // the study output is the highest slice, as the server aggregates a model without a head
                    assertThat((double) out.study()[l]).isCloseTo(max, within(1e-5));
                }
            }
        }
    }

    @Test
    void aFitInWhichEveryEpochDoesWorseKeepsTheHeadAsItStarted() throws Exception {
        SliceClassifier classifier = classifier(12, 4f);
        List<SeriesSample> embeddings = shifted(ToySeries.generate(20, WIDTH, 5));
        // validation labelled by the classifier itself, training labelled against it: every step makes it worse
        List<SeriesSample> validation = relabelled(embeddings, classifier, false);
        List<SeriesSample> training = relabelled(embeddings, classifier, true);
        SequenceHeadConfig config = SequenceHeadConfig.fitted(training, 16, 1e-2f, 7, 1);
        try (SequenceHeadTrainer trainer = new SequenceHeadTrainer(config, classifier)) {
            SeriesSample probe = validation.get(0);
            float[] before = trainer.predict(probe.embeddings(), probe.slices()).slices();
            double[] start = new double[1];
            SequenceHeadFit.Result fit =
                    SequenceHeadFit.run(trainer, training, validation, 2, new SequenceHeadFit.Progress() {
                        @Override
                        public void epoch(int epoch, double trainingLoss, double validationLoss) {}

                        @Override
                        public void start(double validationLoss) {
                            start[0] = validationLoss;
                        }
                    });

            assertThat(fit.validationLosses()).allSatisfy(v -> assertThat(v).isGreaterThan(fit.startValidationLoss()));
            assertThat(fit.bestEpoch()).isZero();
            assertThat(fit.bestValidationLoss()).isEqualTo(start[0]).isEqualTo(fit.startValidationLoss());
            assertThat(trainer.predict(probe.embeddings(), probe.slices()).slices())
                    .containsExactly(before, within(1e-6f));
        }
    }

    @Test
    void aFixedSliceReadStaysTheClassifierWhileTheNeighboursLearn(@TempDir Path dir) throws Exception {
        SliceClassifier classifier = classifier(14, 1f);
        List<SeriesSample> training = shifted(ToySeries.generate(30, WIDTH, 7));
        SequenceHeadConfig trained = SequenceHeadConfig.fitted(training, 16, 1e-2f, 7, 1);
        String ownKernel = "sequence_slice_linear_kernel";
        SeriesSample probe = training.get(0);
        float[] fixedSlices;
        try (SequenceHeadTrainer free = new SequenceHeadTrainer(trained, classifier);
                SequenceHeadTrainer fixed = new SequenceHeadTrainer(trained.anchored(true, 0f), classifier)) {
            float[] freeStart = free.variable(ownKernel);
            float[] fixedStart = fixed.variable(ownKernel);
            float[] before = fixed.predict(probe.embeddings(), probe.slices()).slices();
            for (int epoch = 0; epoch < 3; epoch++) {
                training.forEach(free::trainStep);
                training.forEach(fixed::trainStep);
            }
            // the control: a trained read moves, so the check below can fail
            assertThat(maxDifference(free.variable(ownKernel), freeStart)).isGreaterThan(1e-3);
            assertThat(fixed.variable(ownKernel)).containsExactly(fixedStart);
            fixedSlices = fixed.predict(probe.embeddings(), probe.slices()).slices();
            assertThat(maxDifference(fixedSlices, before)).isGreaterThan(1e-3);
            fixed.export(dir.resolve("sequence"));
        }
        // the fixed read is part of the exported head: it computes what the session did
        try (SavedModelBundle bundle =
                        SavedModelBundle.load(dir.resolve("sequence").toString(), "serve");
                TFloat32 input = TFloat32.tensorOf(Shape.of(1, probe.slices(), WIDTH))) {
            input.asRawTensor().data().asFloats().write(probe.embeddings());
            try (Result result = bundle.function("serving_default").call(Map.of("embeddings", input))) {
                float[] exported = new float[fixedSlices.length];
                ((TFloat32) result.get("slice_probabilities").orElseThrow())
                        .asRawTensor()
                        .data()
                        .asFloats()
                        .read(exported);
                assertThat(exported).containsExactly(fixedSlices, within(1e-6f));
            }
        }
    }

    @Test
    void theCorrectionPenaltyKeepsTheHeadNearTheSliceNetwork() {
        SliceClassifier classifier = classifier(15, 1f);
        List<SeriesSample> training = shifted(ToySeries.generate(30, WIDTH, 8));
        SequenceHeadConfig config = SequenceHeadConfig.fitted(training, 16, 1e-2f, 7, 1);
        double[] meanSquared = new double[2];
        float[] penalties = {0f, 50f};
        for (int k = 0; k < penalties.length; k++) {
            try (SequenceHeadTrainer trainer =
                    new SequenceHeadTrainer(config.anchored(true, penalties[k]), classifier)) {
                for (int epoch = 0; epoch < 3; epoch++) {
                    training.forEach(trainer::trainStep);
                }
                meanSquared[k] = meanSquaredCorrection(trainer, training, classifier);
            }
        }
        System.out.printf(
                "toy neighbour task, fixed slice read: mean squared correction %.4f without penalty, %.5f with 50%n",
                meanSquared[0], meanSquared[1]);
        assertThat(meanSquared[0]).isGreaterThan(0.01);
        assertThat(meanSquared[1]).isLessThan(0.1 * meanSquared[0]);
    }

    @Test
    void aFixedReadNeedsTheClassifierAndThePenaltyMustBeANonNegativeNumber() {
        SequenceHeadConfig config = SequenceHeadConfig.fitted(ToySeries.generate(2, WIDTH, 9), 4, 1e-3f, 7, 1);

        assertThatThrownBy(() -> new SequenceHeadTrainer(config.anchored(true, 0f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start from it");
        assertThatThrownBy(() -> config.anchored(false, -1f)).hasMessageContaining("must be at least 0");
        assertThatThrownBy(() -> config.anchored(false, Float.NaN)).hasMessageContaining("must be at least 0");
        assertThat(config.anchored(true, 0.5f).describe()).contains("(fixed)").contains("penalised (0.500000)");
        assertThat(config.describe()).doesNotContain("fixed").doesNotContain("penalised");
    }

    /** Mean over slices and labels of (head logit − classifier logit)², which a fixed read makes the correction. */
    private static double meanSquaredCorrection(
            SequenceHeadTrainer trainer, List<SeriesSample> series, SliceClassifier classifier) {
        double sum = 0;
        long count = 0;
        for (SeriesSample s : series) {
            float[] slices = trainer.predict(s.embeddings(), s.slices()).slices();
            for (int i = 0; i < s.slices(); i++) {
                float[] logits = classifier.logits(embedding(s, i));
                for (int l = 0; l < logits.length; l++) {
                    double p = Math.min(Math.max(slices[i * HemorrhageLabel.COUNT + l], 1e-7), 1 - 1e-7);
                    double d = Math.log(p / (1 - p)) - logits[l];
                    sum += d * d;
                    count++;
                }
            }
        }
        return sum / count;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void aClassifierOfAnotherWidthCannotStartAHead() {
        SequenceHeadConfig config = SequenceHeadConfig.fitted(ToySeries.generate(2, WIDTH + 1, 6), 4, 1e-3f, 7, 1);

        assertThatThrownBy(() -> new SequenceHeadTrainer(config, classifier(13, 1f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width " + WIDTH);
    }

    private static SliceClassifier classifier(long seed, float gain) {
        Random random = new Random(seed);
        float[] kernel = new float[WIDTH * HemorrhageLabel.COUNT];
        float[] bias = new float[HemorrhageLabel.COUNT];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) random.nextGaussian() * 0.3f * gain;
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) random.nextGaussian() * gain;
        }
        return new SliceClassifier(kernel, bias);
    }

    /** Each feature f scaled by 1 + f and moved by 3 - f. */
    private static List<SeriesSample> shifted(List<SeriesSample> series) {
        return series.stream()
                .map(s -> {
                    float[] e = s.embeddings().clone();
                    for (int i = 0; i < e.length; i++) {
                        int f = i % WIDTH;
                        e[i] = e[i] * (1 + f) + (3 - f);
                    }
                    return new SeriesSample(s.id(), s.slices(), e, s.sliceLabels(), s.studyLabels());
                })
                .toList();
    }

    /** Labels from the classifier's own decisions, or their opposite. */
    private static List<SeriesSample> relabelled(List<SeriesSample> series, SliceClassifier classifier, boolean flip) {
        return series.stream()
                .map(s -> {
                    float[] slices = new float[s.slices() * HemorrhageLabel.COUNT];
                    float[] study = new float[HemorrhageLabel.COUNT];
                    for (int i = 0; i < s.slices(); i++) {
                        float[] logits = classifier.logits(embedding(s, i));
                        for (int l = 0; l < logits.length; l++) {
                            boolean positive = (logits[l] > 0) != flip;
                            slices[i * HemorrhageLabel.COUNT + l] = positive ? 1f : 0f;
                            study[l] = Math.max(study[l], positive ? 1f : 0f);
                        }
                    }
                    return new SeriesSample(s.id(), s.slices(), s.embeddings(), slices, study);
                })
                .toList();
    }

    private static float[] embedding(SeriesSample s, int slice) {
        return Arrays.copyOfRange(s.embeddings(), slice * WIDTH, (slice + 1) * WIDTH);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Slice and study AUC of 'any' on the validation series: feature 0 read alone, and the head's outputs. */
    private static void auc(List<SeriesSample> series, SequenceHeadTrainer trainer, double[] input, double[] head) {
        int slices = series.stream().mapToInt(SeriesSample::slices).sum();
        double[] inputSlices = new double[slices];
        double[] headSlices = new double[slices];
        boolean[] sliceTruth = new boolean[slices];
        double[] inputStudy = new double[series.size()];
        double[] headStudy = new double[series.size()];
        boolean[] studyTruth = new boolean[series.size()];
        int at = 0;
        for (int n = 0; n < series.size(); n++) {
            SeriesSample s = series.get(n);
            SequenceHeadTrainer.HeadOutput out = trainer.predict(s.embeddings(), s.slices());
            inputStudy[n] = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < s.slices(); i++, at++) {
                inputSlices[at] = s.embeddings()[i * WIDTH];
                headSlices[at] = out.slices()[i * HemorrhageLabel.COUNT + ANY];
                sliceTruth[at] = s.sliceLabels()[i * HemorrhageLabel.COUNT + ANY] > 0;
                inputStudy[n] = Math.max(inputStudy[n], inputSlices[at]);
            }
            headStudy[n] = out.study()[ANY];
            studyTruth[n] = s.studyLabels()[ANY] > 0;
        }
        input[0] = Metrics.rocAuc(inputSlices, sliceTruth).orElseThrow();
        head[0] = Metrics.rocAuc(headSlices, sliceTruth).orElseThrow();
        input[1] = Metrics.rocAuc(inputStudy, studyTruth).orElseThrow();
        head[1] = Metrics.rocAuc(headStudy, studyTruth).orElseThrow();
    }

    @Test
    void theExportedHeadComputesWhatTheSessionDoesAtAnySeriesLength(@TempDir Path dir) throws Exception {
        List<SeriesSample> training = ToySeries.generate(6, WIDTH, 3);
        Path export = dir.resolve("sequence");
        float[][] expectedSlices = new float[2][];
        float[][] expectedStudy = new float[2][];
        int[] lengths = {17, 40};
        try (SequenceHeadTrainer trainer =
                new SequenceHeadTrainer(SequenceHeadConfig.fitted(training, 16, 1e-3f, 7, 1))) {
            training.forEach(trainer::trainStep);
            for (int k = 0; k < lengths.length; k++) {
                SequenceHeadTrainer.HeadOutput out =
                        trainer.predict(ToySeries.embeddings(lengths[k], WIDTH, k), lengths[k]);
                expectedSlices[k] = out.slices();
                expectedStudy[k] = out.study();
            }
            trainer.export(export);
            assertThatThrownBy(() -> trainer.export(export)).hasMessageContaining("already exists");
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve")) {
            SessionFunction function = bundle.function("serving_default");
            assertThat(function.signature().getInputs().get("embeddings").shape.asArray())
                    .containsExactly(1, -1, WIDTH);
            for (int k = 0; k < lengths.length; k++) {
                int s = lengths[k];
                try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, s, WIDTH))) {
                    input.asRawTensor().data().asFloats().write(ToySeries.embeddings(s, WIDTH, k));
                    try (Result result = function.call(Map.of("embeddings", input))) {
                        TFloat32 slices =
                                (TFloat32) result.get("slice_probabilities").orElseThrow();
                        TFloat32 study =
                                (TFloat32) result.get("study_probabilities").orElseThrow();
                        assertThat(slices.shape()).isEqualTo(Shape.of(1, s, 7));
                        assertThat(study.shape()).isEqualTo(Shape.of(1, 7));
                        float[] sliceValues = new float[s * 7];
                        float[] studyValues = new float[7];
                        slices.asRawTensor().data().asFloats().read(sliceValues);
                        study.asRawTensor().data().asFloats().read(studyValues);
                        assertThat(sliceValues).containsExactly(expectedSlices[k], within(1e-6f));
                        assertThat(studyValues).containsExactly(expectedStudy[k], within(1e-6f));
                    }
                }
            }
        }
    }

    @Test
    void aSeriesOfAnotherWidthIsRefused() {
        List<SeriesSample> training = ToySeries.generate(2, WIDTH, 4);
        try (SequenceHeadTrainer trainer =
                new SequenceHeadTrainer(SequenceHeadConfig.fitted(training, 4, 1e-3f, 7, 1))) {
            assertThatThrownBy(() -> trainer.predict(new float[3 * (WIDTH + 1)], 3))
                    .hasMessageContaining("width " + WIDTH);
        }
    }
}
