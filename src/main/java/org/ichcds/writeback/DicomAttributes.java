package org.ichcds.writeback;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writing attributes into a PixelMed {@link AttributeList}, each with the VR of PixelMed's dictionary, and encoding a
 * finished list as a DICOM PS3.10 file.
 */
final class DicomAttributes {

    /** The Source AE Title in the file meta information of the objects this server writes. */
    static final String SOURCE_AE = "ICHCDS";

    // DICOM PS3.5 6.2: DA is YYYYMMDD, TM is HHMMSS(.FFFFFF); UTC, the time base the analysis records
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    private DicomAttributes() {}

    /** Puts an attribute with one value, or with none when {@code value} is null (a type 2 attribute left empty). */
    static void put(AttributeList list, AttributeTag tag, String value) {
        try {
            Attribute attribute = newAttribute(list, tag);
            if (value != null) {
                attribute.addValue(value);
            }
        } catch (DicomException e) {
            throw new IllegalStateException("cannot write " + tag + ": " + e.getMessage(), e);
        }
    }

    /** Puts an attribute with several values (a multi-valued DS, IS, FL, US …). */
    static void put(AttributeList list, AttributeTag tag, String... values) {
        try {
            Attribute attribute = newAttribute(list, tag);
            for (String value : values) {
                attribute.addValue(value);
            }
        } catch (DicomException e) {
            throw new IllegalStateException("cannot write " + tag + ": " + e.getMessage(), e);
        }
    }

    /** Puts floating point values (FL). */
    static void put(AttributeList list, AttributeTag tag, float[] values) {
        try {
            Attribute attribute = newAttribute(list, tag);
            for (float value : values) {
                attribute.addValue(value);
            }
        } catch (DicomException e) {
            throw new IllegalStateException("cannot write " + tag + ": " + e.getMessage(), e);
        }
    }

    /** A new attribute in the list, with the VR of PixelMed's dictionary or, where it has none, of PS3.6. */
    private static Attribute newAttribute(AttributeList list, AttributeTag tag) throws DicomException {
        byte[] vr = PresentationTags.vr(tag);
        if (vr == null) {
            return list.putNewAttribute(tag);
        }
        Attribute attribute = AttributeFactory.newAttribute(tag, vr);
        list.put(attribute);
        return attribute;
    }

    /** Puts a sequence with these items (none: an empty type 2 sequence). */
    static SequenceAttribute sequence(AttributeList list, AttributeTag tag, AttributeList... items) {
        SequenceAttribute sequence = new SequenceAttribute(tag);
        for (AttributeList item : items) {
            sequence.addItem(item);
        }
        list.put(sequence);
        return sequence;
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** The list as a PS3.10 file in Explicit VR Little Endian, with its file meta information. */
    static byte[] encode(AttributeList list) {
        try {
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, SOURCE_AE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
            return out.toByteArray();
        } catch (DicomException | IOException e) {
            throw new IllegalStateException("cannot encode a DICOM object: " + e.getMessage(), e);
        }
    }
}
