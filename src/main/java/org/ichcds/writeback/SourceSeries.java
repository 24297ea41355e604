package org.ichcds.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.identifiers.Identifiers;

/**
 * The analysed series as the PACS holds it, from its WADO-RS metadata (DICOM JSON, PS3.18 F.2): the patient and study
 * attributes the written objects copy (so they file under the same patient and study), and every instance's SOP Class
 * and SOP Instance UID exactly as the PACS stores them: the written objects reference those, never a UID made up for
 * an identifier that is not one.
 *
 * @param header patient and study attributes of the series' first instance, with its body part and rescale
 * @param sopClasses SOP Class UID by SOP Instance UID, in the order the PACS lists the instances
 */
public record SourceSeries(
        AttributeList header,
        String studyUid,
        String seriesUid,
        int rows,
        int columns,
        Map<String, String> sopClasses) {

    // DICOM PS3.3 C.7.1.1 (Patient), C.7.2.1 (General Study), with the character set their values are in
    private static final List<AttributeTag> COPIED = List.of(
            TagFromName.SpecificCharacterSet,
            TagFromName.PatientName,
            TagFromName.PatientID,
            TagFromName.IssuerOfPatientID,
            TagFromName.PatientBirthDate,
            TagFromName.PatientSex,
            TagFromName.StudyInstanceUID,
            TagFromName.StudyDate,
            TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName,
            TagFromName.StudyID,
            TagFromName.AccessionNumber,
            TagFromName.StudyDescription,
            TagFromName.BodyPartExamined,
            TagFromName.RescaleIntercept,
            TagFromName.RescaleSlope);

    private static final List<AttributeTag> TYPE_2 = List.of(
            TagFromName.PatientName,
            TagFromName.PatientID,
            TagFromName.PatientBirthDate,
            TagFromName.PatientSex,
            TagFromName.StudyDate,
            TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName,
            TagFromName.StudyID,
            TagFromName.AccessionNumber);

    public SourceSeries {
        sopClasses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sopClasses));
    }

    /** How the attributes of one instance are read, whatever form it came in. */
    @FunctionalInterface
    private interface Values {
        /** The first value of an attribute as text (a person name as its alphabetic form), or empty. */
        String text(AttributeTag tag);
    }

    /**
     * Reads the metadata of every instance of one series, as a DICOMweb server lists it.
     *
     * @throws NotWritableException when the series is empty, or its Study, Series or an SOP Instance UID is not a valid
     *     DICOM UID: objects referencing it would not be valid, and objects referencing another UID would point at
     *     nothing the PACS holds
     */
    public static SourceSeries fromMetadata(List<JsonNode> instances) {
        return of(instances.stream().<Values>map(node -> tag -> text(node, tag)).toList());
    }

    /**
     * Reads the headers of every instance of one series, as the server received them (C-STORE or STOW-RS).
     *
     * @throws NotWritableException as {@link #fromMetadata}
     */
    public static SourceSeries fromHeaders(List<AttributeList> instances) {
        return of(instances.stream()
                .<Values>map(list -> tag -> com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, tag)
                        .strip())
                .toList());
    }

    private static SourceSeries of(List<Values> instances) {
        if (instances.isEmpty()) {
            throw new NotWritableException("no instance of the analysed series is listed");
        }
        Values first = instances.get(0);
        String studyUid = uid(first.text(TagFromName.StudyInstanceUID), "StudyInstanceUID");
        String seriesUid = uid(first.text(TagFromName.SeriesInstanceUID), "SeriesInstanceUID");
        Map<String, String> sopClasses = new LinkedHashMap<>();
        for (Values instance : instances) {
            sopClasses.put(
                    uid(instance.text(TagFromName.SOPInstanceUID), "SOPInstanceUID"),
                    uid(instance.text(TagFromName.SOPClassUID), "SOPClassUID"));
        }
        AttributeList header = new AttributeList();
        for (AttributeTag tag : COPIED) {
            String value = first.text(tag);
            if (!value.isEmpty()) {
                DicomAttributes.put(header, tag, value);
            } else if (TYPE_2.contains(tag)) {
                // present and empty when the source has no value: the written objects require them (PS3.3 C.7.1.1,
                // C.7.2.1), as the source's own IOD does
                DicomAttributes.put(header, tag, (String) null);
            }
        }
        return new SourceSeries(
                header,
                studyUid,
                seriesUid,
                integer(first.text(TagFromName.Rows)),
                integer(first.text(TagFromName.Columns)),
                sopClasses);
    }

    /** The SOP Class UID of an instance of the series; refused for an instance it does not hold. */
    String sopClassOf(String sopInstanceUid) {
        String sopClass = sopClasses.get(sopInstanceUid);
        if (sopClass == null) {
            throw new NotWritableException(
                    "a box names an image that is not in the analysed series as the PACS holds it");
        }
        return sopClass;
    }

    /** A value of the source header, or empty. */
    String value(AttributeTag tag) {
        return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(header, tag)
                .strip();
    }

    private static String uid(String value, String what) {
        if (!Identifiers.isDicomUid(value)) {
            throw new NotWritableException("the analysed images' " + what + " is not a valid DICOM UID (PS3.5 9.1):"
                    + " results cannot be written back to the PACS for them");
        }
        return value;
    }

    /** The first value of a DICOM JSON attribute as text; a person name as its alphabetic form (PS3.18 F.2.2). */
    private static String text(JsonNode dataset, AttributeTag tag) {
        JsonNode value = dataset.path(key(tag)).path("Value").path(0);
        if (value.isObject()) {
            return value.path("Alphabetic").asText("");
        }
        return value.isMissingNode() || value.isNull() ? "" : value.asText("").strip();
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(AttributeTag tag) {
        return String.format("%04X%04X", tag.getGroup(), tag.getElement());
    }
}
