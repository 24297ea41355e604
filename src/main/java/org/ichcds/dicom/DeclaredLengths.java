package org.ichcds.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.ValueRepresentation;
import java.nio.charset.StandardCharsets;

/**
 * Walks the encoded elements of a data set at every nesting level (sequences, their items, items within items,
 * fragments of encapsulated pixel data) without reading a value, and refuses the first declared length larger than
 * the bytes that remain. PixelMed reads each sequence item into a new plain {@code AttributeList}, which allocates a
 * declared length before reading it: {@link GuardedAttributeList} guards the top level only, so this walk runs before
 * PixelMed sees the bytes. It ends elements where PixelMed ends them (DICOM PS3.5 7.1, 7.5 and A.4, and PixelMed's
 * readings of malformed explicit VRs), and it bounds what encapsulated pixel data may decode to.
 */
final class DeclaredLengths {

    /** Deeper nesting is refused: an image has a few levels, and PixelMed reads each level by recursion. */
    static final int MAX_DEPTH = 32;

    private static final long UNDEFINED = 0xFFFFFFFFL;
    // DICOM PS3.5 7.5: item, item delimitation and sequence delimitation tags
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final DicomDictionary DICTIONARY = DicomDictionary.StandardDictionary;

    /** How the elements are encoded. */
    record Encoding(boolean explicitVr, boolean littleEndian) {
        static final Encoding IMPLICIT_LITTLE = new Encoding(false, true);
    }

    private final byte[] data;
    private final long maxDecodedBytes;
    private final ImageSize image = new ImageSize();
    private int pos;

    private DeclaredLengths(byte[] data, int offset, long maxDecodedBytes) {
        this.data = data;
        this.pos = offset;
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /**
     * Checks the data set encoded in {@code data} from {@code offset} to its end.
     *
     * @param maxDecodedBytes the most that encapsulated pixel data may decode to
     * @throws DicomException naming the first element whose declared length does not fit
     * @throws StudyTooLargeException when encapsulated pixel data would decode to more than allowed
     */
    static void check(byte[] data, int offset, Encoding encoding, long maxDecodedBytes)
            throws DicomException, StudyTooLargeException {
        new DeclaredLengths(data, offset, maxDecodedBytes).dataSet(data.length, encoding, 0);
    }

    private void dataSet(int end, Encoding encoding, int depth) throws DicomException, StudyTooLargeException {
        while (pos < end && remaining() >= 8) {
            int tag = tag(encoding.littleEndian());
            if (tag == ITEM_END) {
                pos += 4;
                return;
            }
            if (tag == ITEM || tag == SEQUENCE_END) {
                pos += 4; // out of place; PixelMed skips it
                continue;
            }
            Header header = encoding.explicitVr() ? explicitHeader(tag, encoding) : implicitHeader(tag, encoding);
            if (header == null) {
                return; // cut short in a header: the reader's pixel data check reports it
            }
            element(tag, header, encoding, depth);
        }
    }

    private void element(int tag, Header header, Encoding encoding, int depth)
            throws DicomException, StudyTooLargeException {
        boolean unknown = ValueRepresentation.isUnknownVR(header.vr());
        if (ValueRepresentation.isSequenceVR(header.vr()) || (unknown && header.length() == UNDEFINED)) {
            // PixelMed reads the items of a UN sequence as implicit VR little endian (DICOM PS3.5 6.2.2)
            sequence(tag, header.length(), unknown ? Encoding.IMPLICIT_LITTLE : encoding, depth + 1, false);
        } else if (header.length() == UNDEFINED) {
            if (tag == PIXEL_DATA && depth == 0) {
                image.checkDecodedSize(maxDecodedBytes);
            }
            sequence(tag, UNDEFINED, encoding, depth + 1, true); // encapsulated fragments (PS3.5 A.4)
        } else if (depth == 0 && header.length() > remaining() && header.length() <= data.length) {
            // a top-level value cut short: PixelMed stops there (bounded by GuardedAttributeList), and the reader
            // reports the missing pixel data as cut short
            pos = data.length;
        } else {
            int valueEnd = pos + fits(tag, header.length());
            if (depth == 0) {
                image.note(tag, data, pos, header.length(), encoding.littleEndian());
            }
            if (unknown && header.length() >= 8 && startsWithItem()) {
                // PixelMed reads some private UN values of defined length as sequences: walk whatever looks like one
                sequence(tag, header.length(), Encoding.IMPLICIT_LITTLE, depth + 1, false);
            }
            pos = valueEnd;
        }
    }

    /** Items until the sequence's end; each item a data set, or for fragments an opaque value. */
    private void sequence(int tag, long length, Encoding encoding, int depth, boolean fragments)
            throws DicomException, StudyTooLargeException {
        if (depth > MAX_DEPTH) {
            throw new DicomException("sequences nested more than " + MAX_DEPTH + " deep at " + name(tag));
        }
        int end = length == UNDEFINED ? data.length : pos + fits(tag, length);
        while (pos < end && remaining() >= 8) {
            int itemTag = tag(encoding.littleEndian());
            long itemLength = u32(encoding.littleEndian());
            if (itemTag == SEQUENCE_END) {
                break;
            }
            if (itemTag != ITEM) {
                throw new DicomException("element " + name(itemTag) + " where an item of " + name(tag) + " belongs");
            }
            if (fragments) {
                if (itemLength == UNDEFINED) {
                    throw new DicomException("a fragment of " + name(tag) + " has no defined length");
                }
                pos += fits(tag, itemLength);
            } else {
                dataSet(itemLength == UNDEFINED ? data.length : pos + fits(tag, itemLength), encoding, depth);
            }
        }
        if (length != UNDEFINED) {
            pos = Math.max(pos, end);
        }
    }

    /** PS3.5 7.1.2, with PixelMed's readings of a hyphen, zero or non-letter VR and of non-zero reserved bytes. */
    private Header explicitHeader(int tag, Encoding encoding) {
        byte first = data[pos];
        byte second = data[pos + 1];
        byte[] vr;
        boolean implicitLength = false;
        if ((first == '-' && second == '-') || (first == 0 && second == 0)) {
            vr = new byte[] {'U', 'N'};
            pos += 2;
        } else if (first < 'A' || second < 'A') {
            vr = new byte[] {'U', 'N'};
            implicitLength = true;
        } else {
            vr = new byte[] {first, second};
            pos += 2;
        }
        long length;
        if (implicitLength) {
            length = remaining() >= 4 ? u32(encoding.littleEndian()) : -1;
        } else if (ValueRepresentation.isShortValueLengthVR(vr)) {
            length = remaining() >= 2 ? u16(encoding.littleEndian()) : -1;
        } else if (remaining() < 6) {
            length = -1;
        } else {
            int reserved = u16(encoding.littleEndian());
            length = reserved == 0 || reserved == 0x3030 ? u32(encoding.littleEndian()) : reserved;
        }
        return length < 0 ? null : new Header(dictionaryVrForUnknown(tag, vr, encoding), length);
    }

    private Header implicitHeader(int tag, Encoding encoding) {
        byte[] vr = DICTIONARY.getValueRepresentationFromTag(attributeTag(tag));
        return new Header(vr == null ? new byte[] {'U', 'N'} : vr, u32(encoding.littleEndian()));
    }

    /** PixelMed replaces an explicit UN by the dictionary's VR unless that is SQ. */
    private static byte[] dictionaryVrForUnknown(int tag, byte[] vr, Encoding encoding) {
        if (!ValueRepresentation.isUnknownVR(vr)) {
            return vr;
        }
        byte[] known = DICTIONARY.getValueRepresentationFromTag(attributeTag(tag));
        boolean usable = known != null
                && known.length >= 2
                && (encoding.littleEndian()
                        || ValueRepresentation.getWordLengthOfValueAffectedByEndianness(known) == 1);
        return usable && !ValueRepresentation.isSequenceVR(known) ? known : vr;
    }

    private int fits(int tag, long length) throws DicomException {
        if (length > remaining()) {
            throw new DicomException(
                    "element " + name(tag) + " declares " + length + " bytes but only " + remaining() + " remain");
        }
        return (int) length;
    }

    private boolean startsWithItem() {
        return remaining() >= 4
                && data[pos] == (byte) 0xFE
                && data[pos + 1] == (byte) 0xFF
                && data[pos + 2] == 0x00
                && data[pos + 3] == (byte) 0xE0;
    }

    private int remaining() {
        return data.length - pos;
    }

    private int tag(boolean little) {
        int group = u16(little);
        return group << 16 | u16(little);
    }

    private int u16(boolean little) {
        int a = data[pos++] & 0xFF;
        int b = data[pos++] & 0xFF;
        return little ? b << 8 | a : a << 8 | b;
    }

    private long u32(boolean little) {
        long a = u16(little);
        long b = u16(little);
        return little ? b << 16 | a : a << 16 | b;
    }

    private static AttributeTag attributeTag(int tag) {
        return new AttributeTag(tag >>> 16, tag & 0xFFFF);
    }

    private static String name(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    private record Header(byte[] vr, long length) {}

    /** The top-level attributes that size the pixel data, as PixelMed reads them before decoding (PS3.3 C.7.6.3). */
    private static final class ImageSize {
        private long rows;
        private long columns;
        private long samples = 1;
        private long bytesPerSample = 2;
        private long frames = 1;

        void note(int tag, byte[] data, int at, long length, boolean little) {
            switch (tag) {
                case 0x00280010 -> rows = unsignedShort(data, at, length, little, rows);
                case 0x00280011 -> columns = unsignedShort(data, at, length, little, columns);
                case 0x00280002 -> samples = unsignedShort(data, at, length, little, samples);
                case 0x00280100 -> bytesPerSample = (unsignedShort(data, at, length, little, 16) + 7) / 8;
                case 0x00280008 -> frames = integerString(data, at, length);
                default -> {}
            }
        }

        void checkDecodedSize(long max) throws StudyTooLargeException {
            long decoded;
            try {
                decoded = Math.multiplyExact(
                        Math.multiplyExact(Math.multiplyExact(rows, columns), Math.max(1, samples)),
                        Math.multiplyExact(Math.max(1, bytesPerSample), Math.max(1, frames)));
            } catch (ArithmeticException overflow) {
                decoded = Long.MAX_VALUE;
            }
            StudyLimits.check("the decoded size of an image", decoded, max, "max-instance-size");
        }

        private static long unsignedShort(byte[] data, int at, long length, boolean little, long orElse) {
            if (length < 2) {
                return orElse;
            }
            int a = data[at] & 0xFF;
            int b = data[at + 1] & 0xFF;
            return little ? b << 8 | a : a << 8 | b;
        }

        private static long integerString(byte[] data, int at, long length) {
            String text = new String(data, at, (int) Math.min(length, 12), StandardCharsets.US_ASCII).trim();
            try {
                return Math.max(1, Long.parseLong(text));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }
}
