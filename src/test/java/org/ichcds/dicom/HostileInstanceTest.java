package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hostile instances (dcm4che's habit: a huge declared length ends in an exception, not an out-of-memory): a length
 * declared inside a sequence item, one and two levels deep, and a deflate bomb. Each is refused with a reason and
 * without allocating what it declares; intact instances with the same structure still read.
 */
class HostileInstanceTest {

    // a standard OB element that may sit in an item: Encapsulated Document (DICOM PS3.3 C.24.2)
    private static final AttributeTag DOCUMENT = TagFromName.EncapsulatedDocument;
    private static final byte[] MARKER = "ICHCDS-MARKER-16".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long TWO_GB = 0x7FFFFFF0L;

    private final DicomReader reader = new DicomReader();

    @Test
    void intactNestedSequencesStillRead() throws Exception {
        for (int depth = 1; depth <= 3; depth++) {
            byte[] bytes = TestSeries.bytes(withNestedDocument(depth));
            assertThat(reader.read(bytes, "nested").slice().rows()).isEqualTo(16);
        }
    }

    @Test
    void implicitVrInstancesWithSequencesStillRead() throws Exception {
        AttributeList list = withNestedDocument(2);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ImplicitVRLittleEndian, "ICHCDS");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, TransferSyntax.ImplicitVRLittleEndian, true, true);
        assertThat(reader.read(out.toByteArray(), "implicit").slice().columns()).isEqualTo(16);
    }

    @Test
    void refusesAHugeLengthInsideASequenceItem() throws Exception {
        byte[] bytes = withDocumentLength(TestSeries.bytes(withNestedDocument(1)), TWO_GB);
        assertRefusedCheaply(() -> reader.read(bytes, "nested.dcm"), "nested.dcm: not readable as DICOM");
    }

    @Test
    void refusesAHugeLengthTwoSequencesDeep() throws Exception {
        byte[] bytes = withDocumentLength(TestSeries.bytes(withNestedDocument(2)), TWO_GB);
        assertRefusedCheaply(() -> reader.read(bytes, "deep.dcm"), "(0042,0011) declares 2147483632 bytes");
    }

    @Test
    void refusesAnItemLongerThanItsInput() throws Exception {
        byte[] bytes = TestSeries.bytes(withNestedDocument(1));
        int item = indexOf(bytes, new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0}, 132);
        ByteBuffer.wrap(bytes, item + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) TWO_GB);
        assertRefusedCheaply(() -> reader.read(bytes, "item.dcm"), "declares 2147483632 bytes");
    }

    @Test
    void refusesNestingBeyondTheLimit() throws Exception {
        byte[] bytes = TestSeries.bytes(withNestedDocument(DeclaredLengths.MAX_DEPTH + 2));
        assertThatThrownBy(() -> reader.read(bytes, "deep.dcm"))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("nested more than " + DeclaredLengths.MAX_DEPTH + " deep");
    }

    @Test
    void readsADeflatedInstance() throws Exception {
        TestSeries series = TestSeries.ct();
        byte[] deflated = deflated(series.slice(1));
        DicomInstance instance = reader.read(deflated, "deflated");
        assertThat(instance.storedValues()[3 * 16 + 5]).isEqualTo((short) series.storedValue(1, 3, 5));
    }

    @Test
    void refusesADeflateBombByTheInstanceSizeLimit() throws Exception {
        byte[] header = deflated(TestSeries.ct().slice(0));
        int dataSet = metaEnd(header);
        byte[] bomb = deflateZeros(1L << 30); // 1 GiB of zeros in about 1 MB
        byte[] bytes = Arrays.copyOf(header, dataSet + bomb.length);
        System.arraycopy(bomb, 0, bytes, dataSet, bomb.length);
        assertThat(bytes.length).isLessThan(2 << 20);

        assertRefusedCheaply(
                () -> reader.read(bytes, "bomb.dcm"), "ichcds.dicomweb.limits.max-instance-size", 3L * (64L << 20));
        assertThatThrownBy(() -> reader.read(bytes, "bomb.dcm"))
                .isInstanceOf(StudyTooLargeException.class)
                .hasMessage("bomb.dcm: its deflated data set inflates to more than 67108864 bytes, the limit"
                        + " (ichcds.dicomweb.limits.max-instance-size)");
    }

    @Test
    void refusesDamagedDeflatedData() throws Exception {
        byte[] bytes = deflated(TestSeries.ct().slice(0));
        int dataSet = metaEnd(bytes);
        for (int i = dataSet + 2; i < bytes.length; i += 7) {
            bytes[i] = (byte) 0xFF;
        }
        assertThatThrownBy(() -> reader.read(bytes, "garbled.dcm"))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageStartingWith("garbled.dcm: not readable as DICOM");
    }

    @Test
    void refusesEncapsulatedPixelDataThatWouldDecodePastTheLimit() throws Exception {
        AttributeList list = TestSeries.ct().slice(0);
        list.remove(TagFromName.PixelData);
        byte[] bytes = TestSeries.bytes(list);
        // Rows and Columns 65535, then an encapsulated (undefined length) PixelData with one empty fragment
        byte[] rows = {0x28, 0x00, 0x10, 0x00, 'U', 'S', 2, 0};
        byte[] columns = {0x28, 0x00, 0x11, 0x00, 'U', 'S', 2, 0};
        ByteBuffer.wrap(bytes, indexOf(bytes, rows, 132) + 8, 2).putShort((short) 0xFFFF);
        ByteBuffer.wrap(bytes, indexOf(bytes, columns, 132) + 8, 2).putShort((short) 0xFFFF);
        ByteBuffer pixels = ByteBuffer.allocate(12 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        pixels.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B');
        pixels.putShort((short) 0).putInt(-1);
        pixels.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
        pixels.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        byte[] encapsulated = Arrays.copyOf(bytes, bytes.length + pixels.capacity());
        System.arraycopy(pixels.array(), 0, encapsulated, bytes.length, pixels.capacity());

        assertThatThrownBy(() -> reader.read(encapsulated, "rle.dcm"))
                .isInstanceOf(StudyTooLargeException.class)
                .hasMessageContaining("the decoded size of an image is 8589672450")
                .hasMessageContaining("ichcds.dicomweb.limits.max-instance-size");
    }

    private static void assertRefusedCheaply(Executable read, String message) {
        assertRefusedCheaply(read, message, 64L << 20);
    }

    /** Refused with the message, having allocated less than {@code budget} bytes on this thread. */
    private static void assertRefusedCheaply(Executable read, String message, long budget) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(read::execute)
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining(message);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated while reading").isLessThan(budget);
    }

    /** A CT slice with an OB document in an item of a sequence, nested {@code depth} sequences deep. */
    static AttributeList withNestedDocument(int depth) throws Exception {
        AttributeList list = TestSeries.ct().slice(0);
        AttributeList item = new AttributeList();
        OtherByteAttribute document = new OtherByteAttribute(DOCUMENT);
        document.setValues(MARKER);
        item.put(document);
        for (int level = 1; level < depth; level++) {
            SequenceAttribute inner = new SequenceAttribute(TagFromName.ContentSequence);
            inner.addItem(item);
            item = new AttributeList();
            item.put(inner);
        }
        SequenceAttribute outer = new SequenceAttribute(TagFromName.ContentSequence);
        outer.addItem(item);
        list.put(outer);
        return list;
    }

    /** Rewrites the 4-byte length of the document element, found by its value. */
    static byte[] withDocumentLength(byte[] bytes, long length) {
        byte[] copy = bytes.clone();
        int value = indexOf(copy, MARKER, 132);
        ByteBuffer.wrap(copy, value - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) length);
        return copy;
    }

    static byte[] deflated(AttributeList list) throws Exception {
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.DeflatedExplicitVRLittleEndian, "ICHCDS");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, TransferSyntax.DeflatedExplicitVRLittleEndian, true, true);
        return out.toByteArray();
    }

    /** DICOM PS3.10 7.1: the meta information ends where its group length (0002,0000), a UL at 140, says. */
    static int metaEnd(byte[] bytes) {
        return 144
                + ByteBuffer.wrap(bytes, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * Raw deflate (PS3.5 A.5) of {@code size} zero bytes, built in milliseconds: one MiB of zeros deflated up to a full
     * flush (which resets the dictionary, so every MiB deflates to the same bytes), repeated, then an empty final block.
     */
    static byte[] deflateZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1 << 20]);
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH)) > 0) {
            chunk.write(buffer, 0, n);
        }
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long fed = 0; fed < size; fed += 1 << 20) {
            out.writeBytes(chunk.toByteArray());
        }
        out.writeBytes(new byte[] {0x03, 0x00}); // RFC 1951 3.2.3: a final, empty block of fixed codes
        return out.toByteArray();
    }

    static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("pattern not found");
    }
}
