package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file of pydicom's test corpus (Debian's python3-pydicom) either loads or is rejected with a one-line reason;
 * nothing else escapes, nothing hangs.
 */
class PydicomCorpusIT {

    static final Path CORPUS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    static Stream<Path> corpus() throws IOException {
        assumeThat(Files.isDirectory(CORPUS)).as("python3-pydicom installed").isTrue();
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    @Timeout(60) // a guard against a hang, not a speed requirement
    void readerLoadsOrRejectsWithOneLine(Path file) {
        try {
            DicomInstance instance = new DicomReader().read(file);
            assertThat(instance.storedValues())
                    .hasSize(instance.slice().rows() * instance.slice().columns());
        } catch (DicomFormatException e) {
            assertOneLine(e, file);
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    @Timeout(60)
    void studyLoaderLoadsOrRejectsWithOneLine(Path file) {
        try {
            LoadedStudy study = new StudyLoader().fromPath(file);
            assertThat(study.volume().sliceCount()).isEqualTo(1);
            assertThat(study.summary().toText()).contains("slices:    1");
        } catch (DicomFormatException e) {
            assertOneLine(e, file);
        }
    }

    /** pydicom's encodings of one signed 16-bit image, made by other tools than the ones the other tests use. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "MR_small_RLE.dcm",
                "MR_small_jp2klossless.dcm",
                "MR_small_bigendian.dcm",
                "MR_small_implicit.dcm"
            })
    void losslessEncodingsDecodeEqualToTheOriginal(String name) throws Exception {
        assumeThat(Files.isDirectory(CORPUS)).as("python3-pydicom installed").isTrue();
        DicomInstance original = new DicomReader().read(CORPUS.resolve("MR_small.dcm"));
        DicomInstance encoded = new DicomReader().read(CORPUS.resolve(name));
        assertThat(encoded.storedValues()).isEqualTo(original.storedValues());
        assertThat(encoded.slice().signed()).isTrue();
    }

    private static void assertOneLine(DicomFormatException e, Path file) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        System.out.println(file.getFileName() + " -> " + e.getMessage());
    }
}
