package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ichcds.inference.BoxMerge;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.inference.TestTimeAugmentation;
import org.ichcds.training.evaluation.Evaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Arguments the evaluate command cannot use end in one line naming the bad value, before any model is loaded. */
class EvaluateCommandTest {

    private static String run(String... args) {
        return Refusals.refused(new EvaluateCommand(), args);
    }

    @Test
    void theOutputSaysWhereTheStudyFiguresComeFrom() throws Exception {
        ModelManifest sliceOnly = new ModelDirectory(Path.of("models", "ich-phantom-v1")).verifiedManifest();
        TensorFlowModelRunner.Passes passes = new TensorFlowModelRunner.Passes(400, 100);
        assertThat(EvaluateCommand.studySource(sliceOnly, 2, passes))
                .contains("from the slice probabilities (mean of the top 2 per label");
        ModelManifest withHead = sliceOnly.withSequenceHead(new ModelManifest.SequenceHead("sequence", 192, "conv"));
        assertThat(EvaluateCommand.studySource(withHead, 2, passes))
                .contains("from the model's sequence head")
                .doesNotContain("mirrored");
        ModelManifest flip = withHead.withAugmentation(TestTimeAugmentation.FLIP);
        assertThat(EvaluateCommand.studySource(flip, 2, new TensorFlowModelRunner.Passes(400, 400)))
                .contains("from the model's sequence head")
                .endsWith("; test-time augmentation flip (each mirrored slice merged with its plain pass): 400 of 400"
                        + " slices ran mirrored (100.0 %)");
        assertThat(EvaluateCommand.studySource(flip.withFlipShare(0.25), 2, passes))
                .endsWith("; test-time augmentation flip on the 25 % of each series' slices with the highest any"
                        + " probability (each mirrored slice merged with its plain pass): 100 of 400 slices ran"
                        + " mirrored (25.0 %)");
        assertThat(EvaluateCommand.studySource(flip.withFlipShare(0.25).withBoxStudyExponent(0.5), 2, passes))
                .contains("mirrored (25.0 %); each box scored as the detector's score times its subtype's calibrated"
                        + " study probability to the power 0.5");
        assertThat(EvaluateCommand.studySource(withHead.withBoxStudyExponent(1.0), 2, passes))
                .endsWith("to the power 1")
                .doesNotContain("mirrored")
                .doesNotContain("boxMerge");
        assertThat(EvaluateCommand.studySource(withHead.withBoxMerge(BoxMerge.WEIGHTED), 2, passes))
                .endsWith("; each slice's suppressed boxes merged into the box that suppressed them (boxMerge"
                        + " weighted: its edges the score-weighted mean)");
        assertThat(EvaluateCommand.studySource(withHead, 2, passes)).doesNotContain("boxGrids");
        assertThat(EvaluateCommand.studySource(
                        withHead.withBoxGrids(java.util.Map.of(
                                HemorrhageLabel.SUBDURAL,
                                org.ichcds.inference.BoxGrid.COARSE,
                                HemorrhageLabel.EPIDURAL,
                                org.ichcds.inference.BoxGrid.FINE)),
                        2,
                        passes))
                .endsWith("; boxes of one detection grid only (boxGrids: epidural fine, subdural coarse)");
        ModelManifest partial = sliceOnly.withSequenceHead(new ModelManifest.SequenceHead("sequence", 192, "conv")
                .withLabels(List.of(HemorrhageLabel.INTRAPARENCHYMAL, HemorrhageLabel.ANY)));
        assertThat(EvaluateCommand.studySource(partial, 2, passes))
                .contains("from the model's sequence head for any, intraparenchymal (")
                .contains("from the slice network for epidural, intraventricular, subarachnoid, subdural, chronic"
                        + " (the maximum of its slice probabilities");
    }

    @Test
    void bothStudyOutputsOfAHeadAreReportedPerLabel() {
        // two studies, the first positive for every label: the head ranks them right, the slice network backwards
        float[] high = new float[HemorrhageLabel.COUNT];
        float[] low = new float[HemorrhageLabel.COUNT];
        java.util.Arrays.fill(high, 0.9f);
        java.util.Arrays.fill(low, 0.1f);
        boolean[] positive = new boolean[HemorrhageLabel.COUNT];
        java.util.Arrays.fill(positive, true);
        String note = EvaluateCommand.sourceAucs(
                new Evaluation.StudySources(List.of(high, low), List.of(low, high)),
                List.of(positive, new boolean[HemorrhageLabel.COUNT]));
        assertThat(note)
                .startsWith("study AUC per label, the sequence head's output / the slice network's maximum over"
                        + " slices: any 1.000 / 0.000, epidural 1.000 / 0.000")
                .endsWith("chronic 1.000 / 0.000");
    }

    @Test
    void anUnknownSplitIsNamed(@TempDir Path dir) {
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--split", "holdout"))
                .isEqualTo("error: split 'holdout' is not one of train, val, test" + System.lineSeparator());
    }

    @Test
    void aMissingDataFolderIsNamed(@TempDir Path dir) {
        assertThat(run(
                        "--model",
                        dir.toString(),
                        "--data",
                        dir.resolve("nowhere").toString()))
                .startsWith("error: data set folder ")
                .contains("nowhere")
                .hasLineCount(1);
    }

    @Test
    void aDataFolderWithoutLabelsIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("labels.txt"), "nothing");
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--split", "all"))
                .contains("has no labels.csv")
                .hasLineCount(1);
    }

    @Test
    void aSuppressionIouOutsideZeroToOneIsRefused(@TempDir Path dir) {
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--split", "all", "--nms-iou", "0"))
                .isEqualTo("error: --nms-iou 0.0 is outside (0, 1]; the server's default (ichcds.inference.nms-iou)"
                        + " is 0.45" + System.lineSeparator());
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--split", "all", "--nms-iou", "1.5"))
                .startsWith("error: --nms-iou 1.5 is outside (0, 1]");
    }

    @Test
    void aSuppressionIouOtherThanTheServersIsReported() {
        assertThat(EvaluateCommand.suppression(0.45f)).isEmpty();
        assertThat(EvaluateCommand.suppression(0.6f))
                .isEqualTo("; boxes suppressed at IoU 0.6 (the server's default, ichcds.inference.nms-iou, is 0.45)");
    }

    @Test
    void requiredOptionsAreRequired() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new EvaluateCommand())
                .setErr(new PrintWriter(err, true))
                .execute("--data", "x");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--model");
    }
}
