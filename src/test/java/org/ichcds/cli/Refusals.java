package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command as {@code ./ichcds} does and returns what it wrote to stderr, asserting it refused (exit code 2). */
final class Refusals {

    private Refusals() {}

    static String refused(Object command, String... args) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command)
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
        assertThat(exit).isEqualTo(2);
        return err.toString();
    }
}
