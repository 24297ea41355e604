package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code train} refuses before it reads any data, and how it says so. */
class TrainCommandTest {

    private static String refused(String... args) {
        return Refusals.refused(new TrainCommand(), args);
    }

    @Test
    void trainingTheDetectorAloneNeedsAModelToStartFromAndIsKeptByLoss(@TempDir Path dir) {
        String data = dir.resolve("data").toString();
        String out = dir.resolve("out").toString();
        assertThat(refused("--data", data, "--out", out, "--trainable", "detector"))
                .startsWith("error: training the detector alone needs a model to start from")
                .contains("--init-from MODEL");
        assertThat(refused(
                        "--data",
                        data,
                        "--out",
                        out,
                        "--trainable",
                        "detector",
                        "--init-from",
                        "models/ich-phantom-v2",
                        "--select-by",
                        "auc"))
                .contains("use --select-by loss");
        assertThat(refused("--data", data, "--out", out, "--trainable", "head"))
                .startsWith("error: --trainable head is not all or detector");
        assertThat(refused("--data", data, "--out", out, "--iou-loss-weight", "-1"))
                .startsWith("error: IoU loss weight -1.0 is outside 0..100");
        assertThat(refused("--data", data, "--out", out, "--detector-stride", "4"))
                .startsWith("error: --detector-stride 4 is not 16, 8 or 16+8");
        assertThat(refused("--data", data, "--out", out, "--detector-stride", "16+8", "--fine-box-side", "0"))
                .startsWith("error: fine box side 0 is not positive");
        assertThat(refused("--data", data, "--out", out, "--detector-stride", "16+8", "--fine-box-side", "300"))
                .startsWith("error: fine box side 300 is outside 0..256");
        assertThat(refused("--data", data, "--out", out, "--detector-stride", "16+8", "--coarse-box-side", "40"))
                .startsWith("error: coarse box side 40 is outside 0..32 (the fine box side)");
        assertThat(refused("--data", data, "--out", out, "--detector-stride", "16+8", "--fine-detector-width", "0"))
                .startsWith("error: --fine-detector-width 0 is not positive");
        assertThat(refused("--data", data, "--out", out, "--detector-stride", "16+8", "--fine-detector-width", "97"))
                .startsWith("error: fine detector width 97 is outside 1..96 (the detector width)");
        assertThat(refused("--data", data, "--out", out, "--fine-detector-width", "48"))
                .startsWith("error: --coarse-box-side and --fine-detector-width shape the second grid of"
                        + " --detector-stride 16+8, not of 16");
        assertThat(refused("--data", data, "--out", out, "--detector-depth", "5"))
                .startsWith("error: detector depth 5 is outside 1..4");
        assertThat(refused("--data", data, "--out", out, "--objectness-target", "quality"))
                .startsWith("error: objectness target 'quality' is not one of presence, iou");
    }
}
