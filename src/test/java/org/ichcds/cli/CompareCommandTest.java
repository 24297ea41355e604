package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ichcds compare} on predictions files written as evaluate writes them. */
class CompareCommandTest {

    @TempDir
    Path dir;

    private static final String HEADER = "StudyInstanceUID,any,epidural,intraparenchymal,intraventricular,"
            + "subarachnoid,subdural,chronic,any_probability,epidural_probability,intraparenchymal_probability,"
            + "intraventricular_probability,subarachnoid_probability,subdural_probability,chronic_probability,"
            + "any_uncalibrated,epidural_uncalibrated,intraparenchymal_uncalibrated,intraventricular_uncalibrated,"
            + "subarachnoid_uncalibrated,subdural_uncalibrated,chronic_uncalibrated";

    /** One evaluation folder: study i is positive for any and subdural when i is even, scored by the function. */
    private Path evaluation(String name, int studies, java.util.function.IntToDoubleFunction score) throws Exception {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < studies; i++) {
            String t = i % 2 == 0 ? "1" : "0";
            double p = score.applyAsDouble(i);
            csv.append("1.2.")
                    .append(i)
                    .append(',')
                    .append(t)
                    .append(",0,0,0,0,")
                    .append(t)
                    .append(",0");
            csv.append(',').append(p).append(",0,0,0,0,").append(p).append(",0");
            csv.append(',').append(p).append(",0,0,0,0,").append(p).append(",0\n");
        }
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("predictions.csv"), csv.toString());
        return folder;
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new CompareCommand())
                // no autoflush, as System.out's writer in a real run: what is not flushed is lost at exit
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsBothAucsAndTheirPairedDifferencePerLabel() throws Exception {
        // a ranks every positive first; b scores study 0 at 0.2, below five of the ten negatives
        Path a = evaluation("a", 20, i -> i % 2 == 0 ? 0.9 - i * 0.01 : 0.3 - i * 0.01);
        Path b = evaluation("b", 20, i -> i == 0 ? 0.2 : (i % 2 == 0 ? 0.9 - i * 0.01 : 0.3 - i * 0.01));
        Path table = dir.resolve("comparison.md");

        Run run = run(a.toString(), b.resolve("predictions.csv").toString(), "--out", table.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("on the same 20 studies")
                .contains("| any | 10 | 1.000 | 0.950 | +0.050 |")
                .contains("| subdural | 10 | 1.000 | 0.950 | +0.050 |")
                .contains("| epidural | 0 | n/a |")
                .contains("wrote " + table);
        assertThat(Files.readString(table)).contains("| any | 10 | 1.000 | 0.950 | +0.050 |");
    }

    @Test
    void evaluationsOfOtherStudiesOrMissingFilesEndInOneLine() throws Exception {
        Path a = evaluation("a", 20, i -> i % 2 == 0 ? 0.9 : 0.1);
        Path fewer = evaluation("fewer", 18, i -> i % 2 == 0 ? 0.9 : 0.1);

        Run other = run(a.toString(), fewer.toString());
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err())
                .isEqualTo("error: study 1.2.18 is in the first evaluation and not in the second: compare"
                        + " evaluations of the same data set and split" + System.lineSeparator());

        Run missing = run(a.toString(), dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nowhere").contains("does not exist").hasLineCount(1);

        Files.writeString(dir.resolve("not.csv"), "a,b\n1,2\n");
        Run notPredictions = run(a.toString(), dir.resolve("not.csv").toString());
        assertThat(notPredictions.exit()).isEqualTo(2);
        assertThat(notPredictions.err())
                .contains("lacks column StudyInstanceUID")
                .contains("expected the predictions.csv of an ichcds evaluate folder")
                .hasLineCount(1);
    }
}
