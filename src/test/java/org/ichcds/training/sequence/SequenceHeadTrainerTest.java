package org.ichcds.training.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
