package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The phantoms command's style and look-alike options: a named style is written and timed, what the generator cannot use
 * is refused in one line.
 */
class PhantomsCommandTest {

    @Test
    void anUnknownStyleIsNamed(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new PhantomsCommand())
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute("--out", dir.toString(), "--studies", "1", "--style", "wild");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: style must be classic, randomised, heldout or alternate, was wild"
                        + System.lineSeparator());
    }

    @Test
    void lookAlikeChancesTheGeneratorCannotUseAreNamed(@TempDir Path dir) {
        assertThat(refusal(dir, "--style", "randomised", "--look-alikes", "hyperdense-vessel=2"))
                .isEqualTo("error: chance of look-alike hyperdense-vessel must be in [0, 1], was 2.0");
        assertThat(refusal(dir, "--look-alikes", "hyperdense-vessel=1"))
                .isEqualTo(
                        "error: look-alike chances apply to the randomised, heldout and alternate styles; classic draws its own");
    }

    private static String refusal(Path dir, String... options) {
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("--out", dir.toString(), "--studies", "1"));
        args.addAll(List.of(options));
        int exit = new CommandLine(new PhantomsCommand())
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args.toArray(String[]::new));
        assertThat(exit).isEqualTo(2);
        return err.toString().strip();
    }

    @Test
    void aHeldOutSetIsWrittenWithItsStyleAndTimed(@TempDir Path dir) throws Exception {
        writesOneStudyOf("heldout", dir);
    }

    @Test
    void anAlternateSetIsWrittenWithItsStyleAndTimed(@TempDir Path dir) throws Exception {
        writesOneStudyOf("alternate", dir);
    }

    private static void writesOneStudyOf(String style, Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new PhantomsCommand())
                    .execute("--out", dir.toString(), "--studies", "1", "--style", style, "--positive-fraction", "0");
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern(
                        "generated 1 " + style + " studies, \\d+ slices: \\d+ ms per study, \\d+ ms per 40 slices");
        List<String> studies = Files.readAllLines(dir.resolve("studies.csv"));
        assertThat(studies).hasSize(2);
        assertThat(studies.get(1)).contains("," + style + ",256,");
    }
}
