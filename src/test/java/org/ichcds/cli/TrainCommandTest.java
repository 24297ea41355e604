package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code train} refuses before it reads any data, and how it says so. */
class TrainCommandTest {

    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new TrainCommand())
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
        assertThat(exit).isEqualTo(2);
        return err.toString();
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
    }
}
