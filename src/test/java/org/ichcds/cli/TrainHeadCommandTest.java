package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings train-head cannot use end in one line naming the value, before any study is read. */
class TrainHeadCommandTest {

    private static String run(String... args) {
        return Refusals.refused(new TrainHeadCommand(), args);
    }

    @Test
    void keepAndUnknownLabelsAreRefused(@TempDir Path dir) {
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--head-labels", "keep"))
                .startsWith("error: --head-labels keep applies to calibrate; a new head has no labels to keep")
                .hasLineCount(1);
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--head-labels", "any,sdh"))
                .startsWith("error: head labels 'any,sdh': 'sdh' is not a label")
                .hasLineCount(1);
    }

    @Test
    void aFixedReadWithARandomStartAndANegativePenaltyAreRefused(@TempDir Path dir) {
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--fixed-slice-read", "--random-init"))
                .startsWith("error: a fixed slice read keeps the slice network's classifier")
                .contains("--random-init")
                .hasLineCount(1);
        assertThat(run("--model", dir.toString(), "--data", dir.toString(), "--correction-penalty", "-1"))
                .startsWith("error: correction penalty -1.0 must be at least 0")
                .hasLineCount(1);
    }
}
