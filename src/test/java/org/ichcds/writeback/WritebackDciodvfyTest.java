package org.ichcds.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written SR and presentation state, as files, pass David Clunie's {@code dciodvfy} (Debian dicom3tools): no
 * error against the IOD and module definitions of the standard.
 */
class WritebackDciodvfyTest {

    private static final Path DCIODVFY = Path.of("/usr/bin/dciodvfy");

    @TempDir
    Path dir;

    @Test
    void theStructuredReportHasNoError() throws Exception {
        PacsWriteback.Built built = WritebackBuildersTest.built(WritebackFixtures.findings("a-1"));

        List<String> errors = verify(DicomAttributes.encode(built.report()), "sr.dcm");

        assertThat(errors).isEmpty();
    }

    @Test
    void thePresentationStateHasNoError() throws Exception {
        PacsWriteback.Built built = WritebackBuildersTest.built(WritebackFixtures.findings("a-1"));

        List<String> errors =
                verify(DicomAttributes.encode(built.presentationState().orElseThrow()), "pr.dcm");

        assertThat(errors).isEmpty();
    }

    @Test
    void theReportOfANegativeStudyHasNoError() throws Exception {
        PacsWriteback.Built built = WritebackBuildersTest.built(WritebackFixtures.negative("a-2"));

        assertThat(verify(DicomAttributes.encode(built.report()), "negative.dcm"))
                .isEmpty();
    }

    /** dciodvfy's lines that report an error (it prints "Error - …" and "Warning - …" on stderr). */
    private List<String> verify(byte[] file, String name) throws Exception {
        assumeTrue(Files.isExecutable(DCIODVFY), "dciodvfy missing: install the Debian package dicom3tools");
        Path path = Files.write(dir.resolve(name), file);
        // KEEP_WRITTEN=folder keeps the files, e.g. for PixelMed's template validator (README, "Results in the PACS")
        if (System.getenv("KEEP_WRITTEN") != null) {
            Files.write(Path.of(System.getenv("KEEP_WRITTEN"), name), file);
        }
        Process process = new ProcessBuilder(DCIODVFY.toString(), path.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        System.out.println("dciodvfy " + name + ":\n" + output);
        return output.lines().filter(l -> l.startsWith("Error")).toList();
    }
}
