package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Arguments the calibrate command cannot use end in one line naming the bad value, before any study is read. */
class CalibrateCommandTest {

    @Test
    void anUnknownSubtypeStudiesValueIsNamed(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new CalibrateCommand())
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute("--model", dir.toString(), "--data", dir.toString(), "--subtype-studies", "bleeds");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: subtype studies 'bleeds' is not one of all, hemorrhage" + System.lineSeparator());
    }
}
