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
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the intake needs of a received instance before it keeps it, read up to the pixel data: the UIDs that place it,
 * and the patient it names.
 *
 * @param patientId PatientID (0010,0020), stripped of DICOM's padding; empty when absent
 * @param issuer IssuerOfPatientID (0010,0021); empty when absent
 */
public record InstanceHeader(
        String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid, String patientId, String issuer) {

    // DICOM PS3.5 9.1: a UID is at most 64 characters of digits and dots
    private static final String UID = "[0-9.]{1,64}";

    /**
     * Reads the header of a DICOM PS3.10 file, with the reader's guards: every declared length, at every nesting level,
     * within the input, and a deflated data set inflated within {@code maxInstanceBytes}.
     *
     * @throws StudyTooLargeException when the file, or its inflated data set, is larger than {@code maxInstanceBytes}
     * @throws DicomFormatException when it is not DICOM, is damaged, or lacks a valid Study, Series or SOP Instance UID
     */
    public static InstanceHeader read(Path file, long maxInstanceBytes) throws DicomFormatException {
        AttributeList list = attributes(file, maxInstanceBytes);
        InstanceHeader header = new InstanceHeader(
                text(list, TagFromName.StudyInstanceUID),
                text(list, TagFromName.SeriesInstanceUID),
                text(list, TagFromName.SOPInstanceUID),
                text(list, TagFromName.SOPClassUID),
                text(list, TagFromName.PatientID),
                text(list, TagFromName.IssuerOfPatientID));
        for (String uid : new String[] {header.studyUid, header.seriesUid, header.sopInstanceUid}) {
            if (!uid.matches(UID)) {
                throw new DicomFormatException("the instance lacks a valid Study, Series or SOP Instance UID", false);
            }
        }
        return header;
    }

    /**
     * The attributes of a DICOM PS3.10 file up to its pixel data, read with the guards of {@link #read}.
     *
     * @throws StudyTooLargeException when the file, or its inflated data set, is larger than {@code maxInstanceBytes}
     * @throws DicomFormatException when it is not DICOM or is damaged
     */
    public static AttributeList attributes(Path file, long maxInstanceBytes) throws DicomFormatException {
        try {
            if (Files.size(file) > maxInstanceBytes) {
                throw new StudyTooLargeException("the instance is larger than " + maxInstanceBytes
                        + " bytes, the limit (" + StudyLimits.PREFIX + "max-instance-size)");
            }
            EncodedInstance encoded = EncodedInstance.check(Files.readAllBytes(file), maxInstanceBytes);
            AttributeList list = new GuardedAttributeList(encoded.bytes().length);
            InputStream in = new ByteArrayInputStream(encoded.bytes());
            list.read(
                    encoded.dataSetOnly()
                            ? new DicomInputStream(in, TransferSyntax.ExplicitVRLittleEndian, false)
                            : new DicomInputStream(in),
                    TagFromName.PixelData);
            return list;
        } catch (DicomException | IOException | RuntimeException e) {
            throw new DicomFormatException("the instance is not readable as DICOM", true);
        }
    }

    private static String text(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }
}
