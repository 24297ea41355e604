package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header a received instance is kept by is read with the reader's guards. */
class InstanceHeaderTest {

    private static final long LIMIT = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void readsTheUidsAndThePatient() throws Exception {
        TestSeries series = TestSeries.ct();
        Path file = Files.write(dir.resolve("a.dcm"), series.toBytes().get(0));
        InstanceHeader header = InstanceHeader.read(file, LIMIT);
        assertThat(header.studyUid()).isEqualTo(series.studyUid);
        assertThat(header.seriesUid()).isEqualTo(series.seriesUid);
        assertThat(header.patientId()).isEqualTo(series.patientId());
    }

    @Test
    void refusesAHugeLengthInsideASequenceItem() throws Exception {
        byte[] bytes = HostileInstanceTest.withDocumentLength(
                TestSeries.bytes(HostileInstanceTest.withNestedDocument(1)), 0x7FFFFFF0L);
        Path file = Files.write(dir.resolve("nested.dcm"), bytes);
        assertThatThrownBy(() -> InstanceHeader.read(file, LIMIT))
                .isInstanceOf(DicomFormatException.class)
                .hasMessage("the instance is not readable as DICOM");
    }

    @Test
    void refusesADeflateBombByTheInstanceSizeLimit() throws Exception {
        byte[] header = HostileInstanceTest.deflated(TestSeries.ct().slice(0));
        int dataSet = HostileInstanceTest.metaEnd(header);
        byte[] bomb = HostileInstanceTest.deflateZeros(1L << 30);
        byte[] bytes = Arrays.copyOf(header, dataSet + bomb.length);
        System.arraycopy(bomb, 0, bytes, dataSet, bomb.length);
        Path file = Files.write(dir.resolve("bomb.dcm"), bytes);
        assertThatThrownBy(() -> InstanceHeader.read(file, LIMIT))
                .isInstanceOf(StudyTooLargeException.class)
                .hasMessageContaining("ichcds.dicomweb.limits.max-instance-size");
    }

    @Test
    void refusesAFileOverTheLimitWithoutReadingIt() throws Exception {
        Path file =
                Files.write(dir.resolve("big.dcm"), TestSeries.ct().toBytes().get(0));
        assertThatThrownBy(() -> InstanceHeader.read(file, 100))
                .isInstanceOf(StudyTooLargeException.class)
                .hasMessage("the instance is larger than 100 bytes, the limit"
                        + " (ichcds.dicomweb.limits.max-instance-size)");
    }
}
