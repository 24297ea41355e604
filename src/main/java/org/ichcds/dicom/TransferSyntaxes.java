package org.ichcds.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The transfer syntaxes (DICOM PS3.5 section 10 and Annex A) whose pixel data this server reads, and the decoder
 * each needs. Only lossless encodings with a maintained Java decoder are read: PixelMed itself (uncompressed, deflate,
 * RLE), PixelMed's JPEG Lossless codec (Debian's libpixelmed-imageio-java) and jai-imageio's JPEG 2000 reader. Anything
 * else, JPEG-LS among them (no Java decoder is packaged), is refused before decoding with what to configure: the
 * DICOMweb client asks the PACS for Explicit VR Little Endian first, so a PACS that transcodes never sends those.
 */
public final class TransferSyntaxes {

    /** DICOM PS3.5 A.2: what every DICOMweb origin server sends on request (PS3.18 8.7.3.5). */
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    /** How a transfer syntax is decoded: the ImageIO format PixelMed asks for, or none when PixelMed reads it. */
    enum Decoder {
        PIXELMED(null, "PixelMed"),
        JPEG_LOSSLESS("jpeg-lossless", "PixelMed's JPEG Lossless codec (Debian package libpixelmed-imageio-java)"),
        JPEG_2000("jpeg2000", "the JPEG 2000 codec jai-imageio-jpeg2000");

        final String imageIoFormat;
        final String label;

        Decoder(String imageIoFormat, String label) {
            this.imageIoFormat = imageIoFormat;
            this.label = label;
        }

        boolean installed() {
            return imageIoFormat == null || INSTALLED.getOrDefault(imageIoFormat, false);
        }
    }

    /** A transfer syntax that is read, with its name as PS3.6 Table A-1 gives it. */
    record Supported(String uid, String name, Decoder decoder) {}

    private static final Map<String, Supported> SUPPORTED = new LinkedHashMap<>();

    static {
        add("1.2.840.10008.1.2", "Implicit VR Little Endian", Decoder.PIXELMED);
        add(EXPLICIT_VR_LITTLE_ENDIAN, "Explicit VR Little Endian", Decoder.PIXELMED);
        add("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", Decoder.PIXELMED);
        add("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", Decoder.PIXELMED);
        add("1.2.840.10008.1.2.5", "RLE Lossless", Decoder.PIXELMED);
        add("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Decoder.JPEG_LOSSLESS);
        add(
                "1.2.840.10008.1.2.4.70",
                "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)",
                Decoder.JPEG_LOSSLESS);
        add("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", Decoder.JPEG_2000);
    }

    // ImageIO finds codecs on the class path once; asked here once rather than on every instance
    private static final Map<String, Boolean> INSTALLED = Map.of(
            "jpeg-lossless", readerExists("jpeg-lossless"),
            "jpeg2000", readerExists("jpeg2000"));

    // the file meta information (PS3.10 7.1) is a few hundred bytes; this bounds a hostile one
    private static final int META_LIMIT = 64 * 1024;

    private TransferSyntaxes() {}

    private static void add(String uid, String name, Decoder decoder) {
        SUPPORTED.put(uid, new Supported(uid, name, decoder));
    }

    /**
     * Whether instances in this transfer syntax are read here: known, with its decoder installed. What the C-STORE
     * receiver accepts in association negotiation.
     */
    public static boolean readable(String uid) {
        Supported supported = SUPPORTED.get(uid);
        return supported != null && supported.decoder().installed();
    }

    /** The transfer syntaxes read, in the order of the README's table. */
    static List<Supported> supported() {
        return List.copyOf(SUPPORTED.values());
    }

    /**
     * Refuses an instance whose transfer syntax is not read, or whose decoder is not installed, before its pixel data
     * is decoded. An empty UID (no file meta information) is a bare data set in implicit or explicit VR little endian,
     * which PixelMed reads.
     *
     * @throws UnsupportedTransferSyntaxException naming the transfer syntax and what to configure
     */
    static void requireReadable(String uid, String source) throws UnsupportedTransferSyntaxException {
        if (uid.isEmpty()) {
            return;
        }
        Supported supported = SUPPORTED.get(uid);
        if (supported == null) {
            throw new UnsupportedTransferSyntaxException(
                    source,
                    "transfer syntax " + uid + " (" + name(uid) + ") is not read by this server; have the PACS"
                            + " send Explicit VR Little Endian (configure it to transcode on retrieval) or store the"
                            + " images uncompressed, deflated, RLE, JPEG Lossless or JPEG 2000 lossless");
        }
        if (!supported.decoder().installed()) {
            throw new UnsupportedTransferSyntaxException(
                    source,
                    "transfer syntax " + uid + " (" + supported.name() + ") needs " + supported.decoder().label
                            + ", which is not installed; install it, or have the PACS send Explicit VR Little"
                            + " Endian");
        }
    }

    /** The name of a transfer syntax as PixelMed knows it, or "unknown transfer syntax". */
    static String name(String uid) {
        Supported supported = SUPPORTED.get(uid);
        if (supported != null) {
            return supported.name();
        }
        TransferSyntax known = new TransferSyntax(uid);
        return known.isRecognized() ? known.getDescription() : "unknown transfer syntax";
    }

    /**
     * The transfer syntax an instance's file meta information declares, or "" when it has none (or none readable:
     * the full read then says what is wrong). Leaves the stream where it was; the stream must support mark.
     */
    static String declaredIn(InputStream in) throws IOException {
        in.mark(META_LIMIT);
        byte[] head = in.readNBytes(META_LIMIT);
        in.reset();
        AttributeList meta = new GuardedAttributeList(head.length);
        try {
            // stop at the first element after group 0002: the data set, pixel data included, is left unread
            meta.read(new DicomInputStream(new ByteArrayInputStream(head)), (list, tag, offset) -> tag.getGroup() > 2);
        } catch (DicomException | IOException | RuntimeException e) {
            return "";
        }
        return Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.TransferSyntaxUID)
                .trim();
    }

    private static boolean readerExists(String format) {
        return ImageIO.getImageReadersByFormatName(format).hasNext();
    }
}
