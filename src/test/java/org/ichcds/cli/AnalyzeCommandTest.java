package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.TestSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new AnalyzeCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
    }

    @Test
    void printsTheSummaryOfAFolder(@TempDir Path dir) throws Exception {
        TestSeries series = TestSeries.ct();
        series.writeTo(dir);
        assertThat(run(dir.toString())).isZero();
        assertThat(out.toString()).contains("series:    " + series.seriesUid, "slices:    5", "matrix:    16 x 16");
    }

    @Test
    void printsJson(@TempDir Path dir) throws Exception {
        TestSeries.ct().writeTo(dir);
        assertThat(run(dir.toString(), "--json")).isZero();
        assertThat(out.toString()).startsWith("{").contains("\"slices\" : 5");
    }

    @Test
    void endsUnusableInputWithOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cut.dcm");
        byte[] whole = TestSeries.ct().toBytes().get(0);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 100));
        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("error: " + file + ": pixel data missing or cut short" + System.lineSeparator());
    }

    @Test
    void rejectsAUrlThatIsNotAStudy() {
        assertThat(run("http://127.0.0.1:18042/dicom-web/series/1.2")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: not a DICOMweb study URL").doesNotContain("\tat ");
    }

    @Test
    void usesTheConfiguredCredentialsOnlyForTheConfiguredPacs() {
        Settings.PacsSettings pacs = new Settings.PacsSettings("127.0.0.1", 18042, Path.of("x"), "ichcds", "secret");
        AnalyzeCommand command = new AnalyzeCommand();
        assertThat(command.credentials(URI.create("http://127.0.0.1:18042/dicom-web"), pacs))
                .isEqualTo(Credentials.basic("ichcds", "secret"));
        assertThat(command.credentials(URI.create("http://pacs.example:18042/dicom-web"), pacs))
                .isEqualTo(Credentials.none());
        command.token = "tok";
        assertThat(command.credentials(URI.create("http://127.0.0.1:18042/dicom-web"), pacs))
                .isEqualTo(Credentials.bearer("tok"));
    }
}
