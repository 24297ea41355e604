package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomReaderTest {

    private final DicomReader reader = new DicomReader();

    @Test
    void readsHeaderAndStoredValues() throws Exception {
        TestSeries series = TestSeries.ct();
        DicomInstance instance = reader.read(series.toBytes().get(1), "slice");
        assertThat(instance.series().seriesUid()).isEqualTo(series.seriesUid);
        assertThat(instance.series().description()).isEqualTo("HEAD 5mm STD");
        assertThat(instance.series().imageType()).isEqualTo("ORIGINAL\\PRIMARY\\AXIAL");
        assertThat(instance.slice().position()).containsExactly(-4, -4, 15);
        assertThat(instance.slice().rescaleIntercept()).isEqualTo(-1024);
        assertThat(instance.storedValues()[3 * 16 + 5]).isEqualTo((short) series.storedValue(1, 3, 5));
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        TestSeries series = TestSeries.ct();
        Path file = series.writeTo(dir).get(0);
        assertThat(reader.read(file).slice().sopInstanceUid())
                .isEqualTo(series.sopUids().get(0));
    }

    @Test
    void rejectsPixelDataCutShort(@TempDir Path dir) throws Exception {
        byte[] whole = TestSeries.ct().toBytes().get(0);
        for (int cut : new int[] {2, 100, 511}) {
            Path file = dir.resolve("cut" + cut + ".dcm");
            Files.write(file, Arrays.copyOf(whole, whole.length - cut));
            assertThatThrownBy(() -> reader.read(file))
                    .isInstanceOf(DicomFormatException.class)
                    .hasMessageContaining("cut" + cut + ".dcm")
                    .hasMessageContaining("pixel data missing or cut short")
                    .satisfies(e ->
                            assertThat(((DicomFormatException) e).damaged()).isTrue());
        }
    }

    @Test
    void rejectsAHugeDeclaredPixelDataLengthWithoutAllocatingIt() throws Exception {
        byte[] bytes = withPixelDataLength(TestSeries.ct().toBytes().get(0), 0xFFFFFFF0L);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> reader.read(bytes, "hostile.dcm"))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageStartingWith("hostile.dcm: not readable as DICOM")
                .hasMessageContaining("4294967280");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated while reading").isLessThan(64L << 20);
    }

    @Test
    void skipsWhatIsNotDicom() {
        byte[] text = "just some text, not DICOM at all\n".repeat(20).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> reader.read(text, "notes.txt"))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageStartingWith("notes.txt: ")
                .satisfies(e -> assertThat(((DicomFormatException) e).damaged()).isFalse());
    }

    @Test
    void skipsAnInstanceWithoutImage() throws Exception {
        AttributeList list = TestSeries.ct().slice(0);
        list.remove(TagFromName.PixelData);
        list.remove(TagFromName.Rows);
        list.remove(TagFromName.Columns);
        assertThatThrownBy(() -> reader.read(TestSeries.bytes(list), "report.dcm"))
                .hasMessage("report.dcm: holds no image (SOP class 1.2.840.10008.5.1.4.1.1.2)")
                .satisfies(e -> assertThat(((DicomFormatException) e).damaged()).isFalse());
    }

    @Test
    void rejectsEightBitImages() throws Exception {
        TestSeries series = TestSeries.ct();
        AttributeList list = series.slice(0);
        com.pixelmed.dicom.Attribute bits = new com.pixelmed.dicom.UnsignedShortAttribute(TagFromName.BitsAllocated);
        bits.addValue(8);
        list.put(bits);
        assertThatThrownBy(() -> reader.read(TestSeries.bytes(list), "eight.dcm"))
                .hasMessageContaining("BitsAllocated 8");
    }

    /** Rewrites the 4-byte value length of the (7FE0,0010) OW element in explicit VR little endian. */
    static byte[] withPixelDataLength(byte[] bytes, long length) {
        byte[] copy = bytes.clone();
        for (int i = copy.length - 12; i >= 132; i--) {
            if ((copy[i] & 0xFF) == 0xE0
                    && copy[i + 1] == 0x7F
                    && copy[i + 2] == 0x10
                    && copy[i + 3] == 0x00
                    && copy[i + 4] == 'O'
                    && copy[i + 5] == 'W') {
                ByteBuffer.wrap(copy, i + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) length);
                return copy;
            }
        }
        throw new IllegalStateException("no PixelData element found");
    }
}
