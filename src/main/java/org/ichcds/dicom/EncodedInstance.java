package org.ichcds.dicom;

import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.ichcds.dicom.DeclaredLengths.Encoding;

/**
 * The bytes of one instance, checked before PixelMed reads them: every declared length at every nesting level fits
 * the input ({@link DeclaredLengths}), and a deflated data set (DICOM PS3.5 A.5, Deflated Explicit VR Little Endian)
 * is inflated here within a limit, so that a few kilobytes that would inflate to gigabytes are refused instead of
 * read.
 *
 * @param bytes what PixelMed reads: the instance as received, or for a deflated one its inflated data set alone
 * @param dataSetOnly whether {@code bytes} is a data set in Explicit VR Little Endian without meta information
 * @param transferSyntax the transfer syntax UID the file meta information declares, "" without meta information
 */
record EncodedInstance(byte[] bytes, boolean dataSetOnly, String transferSyntax) {

    // DICOM PS3.10 7.1: a 128-byte preamble, "DICM", then the group 0002 meta information in explicit VR LE
    private static final int PREAMBLE = 128;
    private static final int META_START = PREAMBLE + 4;
    private static final int META_GROUP = 0x0002;
    private static final int TRANSFER_SYNTAX_UID = 0x00020010;

    /**
     * Checks an instance.
     *
     * @param maxBytes the most a data set may inflate to, and encapsulated pixel data decode to (the
     *     {@code max-instance-size} limit)
     * @throws DicomException when a declared length does not fit or the deflated data is damaged
     * @throws StudyTooLargeException when the data would inflate or decode to more than {@code maxBytes}
     */
    static EncodedInstance check(byte[] bytes, long maxBytes) throws DicomException, StudyTooLargeException {
        if (!hasPreamble(bytes)) {
            DeclaredLengths.check(bytes, 0, guess(bytes), maxBytes);
            return new EncodedInstance(bytes, false, "");
        }
        boolean metaExplicit = bytes.length < META_START + 6 || isUpper(bytes[META_START + 4], bytes[META_START + 5]);
        Meta meta = meta(bytes, metaExplicit);
        TransferSyntax syntax = new TransferSyntax(meta.transferSyntax());
        if (!syntax.isDeflated()) {
            DeclaredLengths.check(
                    bytes,
                    meta.dataSetOffset(),
                    new Encoding(syntax.isExplicitVR(), syntax.isLittleEndian()),
                    maxBytes);
            return new EncodedInstance(bytes, false, meta.transferSyntax());
        }
        byte[] inflated = inflate(bytes, meta.dataSetOffset(), maxBytes);
        DeclaredLengths.check(inflated, 0, new Encoding(true, true), maxBytes);
        return new EncodedInstance(inflated, true, meta.transferSyntax());
    }

    /** The data set of a deflated instance, inflated; refused past {@code maxBytes}. */
    static byte[] inflate(byte[] bytes, int offset, long maxBytes) throws DicomException, StudyTooLargeException {
        int cap = (int) Math.min(Integer.MAX_VALUE - 16, maxBytes);
        // PS3.5 A.5: raw deflate (RFC 1951) without a zlib header
        try (InputStream in = new InflaterInputStream(
                new ByteArrayInputStream(bytes, offset, bytes.length - offset), new Inflater(true), 65536)) {
            byte[] inflated = in.readNBytes(cap + 1);
            if (inflated.length > cap) {
                throw new StudyTooLargeException("its deflated data set inflates to more than " + maxBytes
                        + " bytes, the limit (" + StudyLimits.PREFIX + "max-instance-size)");
            }
            return inflated;
        } catch (IOException e) {
            throw new DicomException("deflated data set damaged (" + DicomReader.firstLine(e) + ")");
        }
    }

    private static boolean hasPreamble(byte[] bytes) {
        return bytes.length >= META_START
                && bytes[PREAMBLE] == 'D'
                && bytes[PREAMBLE + 1] == 'I'
                && bytes[PREAMBLE + 2] == 'C'
                && bytes[PREAMBLE + 3] == 'M';
    }

    /** PixelMed's guess for a data set without meta information. */
    private static Encoding guess(byte[] bytes) {
        if (bytes.length < 8) {
            return Encoding.IMPLICIT_LITTLE;
        }
        boolean big = bytes[0] < bytes[1] || (bytes[0] == 0 && bytes[1] == 0 && bytes[4] < bytes[7]);
        return new Encoding(isUpper(bytes[4], bytes[5]), !big);
    }

    private static boolean isUpper(byte a, byte b) {
        return Character.isUpperCase((char) a) && Character.isUpperCase((char) b);
    }

    private record Meta(int dataSetOffset, String transferSyntax) {}

    /** Where the group 0002 elements end, and the Transfer Syntax UID among them. */
    private static Meta meta(byte[] bytes, boolean explicit) throws DicomException {
        int pos = META_START;
        String syntax = TransferSyntax.ExplicitVRLittleEndian;
        while (pos + 8 <= bytes.length && u16(bytes, pos) == META_GROUP) {
            int tag = u16(bytes, pos) << 16 | u16(bytes, pos + 2);
            long length;
            int header;
            boolean longForm = explicit && isLongForm(bytes[pos + 4], bytes[pos + 5]);
            if (!explicit || longForm) {
                int at = explicit ? pos + 8 : pos + 4;
                if (at + 4 > bytes.length) {
                    break;
                }
                length = (u16(bytes, at) | (long) u16(bytes, at + 2) << 16);
                header = at + 4 - pos;
            } else {
                length = u16(bytes, pos + 6);
                header = 8;
            }
            if (length > bytes.length - pos - header) {
                throw new DicomException(String.format(
                        "meta information element (%04X,%04X) declares %d bytes but the input is shorter",
                        tag >>> 16, tag & 0xFFFF, length));
            }
            if (tag == TRANSFER_SYNTAX_UID) {
                syntax = new String(bytes, pos + header, (int) length, StandardCharsets.US_ASCII)
                        .replace("\0", "")
                        .trim();
                syntax = syntax.isEmpty() ? TransferSyntax.ExplicitVRLittleEndian : syntax;
            }
            pos += header + (int) length;
        }
        return new Meta(pos, syntax);
    }

    // DICOM PS3.5 7.1.2: these VRs have a 2-byte reserved field and a 4-byte length
    private static boolean isLongForm(byte a, byte b) {
        String vr = new String(new byte[] {a, b}, StandardCharsets.US_ASCII);
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }
}
