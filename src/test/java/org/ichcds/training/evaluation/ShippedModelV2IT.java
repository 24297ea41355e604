package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.training.dataset.DatasetIndex;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code models/ich-phantom-v2}, slice network and sequence head, served as the server serves it, on a small
 * fresh set of domain-randomised phantoms from a seed used nowhere else: floors well below its model card's figures, so
 * that a broken head, contract or runtime fails the build.
 */
class ShippedModelV2IT {

    private static final Path MODEL = Path.of("models", "ich-phantom-v2");

    @Test
    void servesItsHeadAndMeetsItsFloorsOnFreshRandomisedPhantoms(@TempDir Path data) throws Exception {
        new PhantomDatasetWriter(
                        new PhantomSettings(
                                515151, 512, 0.5, PhantomSettings.Identifiers.DICOM, PhantomStyle.RANDOMISED),
                        2)
                .write(data, STUDIES, slices -> {});
        DatasetIndex index = DatasetIndex.read(data);
        try (var runner =
                TensorFlowModelRunner.open(MODEL, RunnerOptions.defaults().withMinBoxScore(0.05f))) {
            assertThat(runner.manifest().hasSequenceHead()).isTrue();
            Evaluation evaluation =
                    Evaluation.run(runner, StudyAggregator.Options.defaults(), index.studies(), outcome -> {});
            EvaluationMetrics metrics = evaluation.metrics();
            LabelMetrics any = metrics.study(HemorrhageLabel.ANY);
            assertThat(any.cases()).isEqualTo(STUDIES);
            System.out.printf(
                    "ich-phantom-v2 on %d fresh randomised studies: study AUC any %.3f, slice AUC any %.3f%n",
                    STUDIES,
                    any.auc().orElseThrow(),
                    metrics.slice(HemorrhageLabel.ANY).auc().orElseThrow());
            assertThat(any.auc().orElseThrow()).isGreaterThanOrEqualTo(FLOOR_STUDY_AUC_ANY);
            assertThat(metrics.slice(HemorrhageLabel.ANY).auc().orElseThrow())
                    .isGreaterThanOrEqualTo(FLOOR_SLICE_AUC_ANY);
        }
    }

    private static final int STUDIES = 20;
    // 512², the matrix of real head CT and of most of the model's training; measured on this set: 2.6.2 and 2.6.3
    // (test-time flip on a quarter of the slices; 2.6.3 differs only in its box scores) study AUC 0.950, slice AUC
    // 0.901; 2.6.0 and 2.6.1 (which differ only in their boxes) 0.940 and 0.895 (MODEL_CARD.md has the figures on 400
    // studies)
    private static final double FLOOR_STUDY_AUC_ANY = 0.85;
    private static final double FLOOR_SLICE_AUC_ANY = 0.85;
}
