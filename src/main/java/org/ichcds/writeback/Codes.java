package org.ichcds.writeback;

import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import org.ichcds.reporting.FindingCode;

/**
 * The coded concepts of the written objects, each from PS3.16 (DCM), SNOMED CT (SCT), UCUM, LOINC (LN) or RFC 5646, or
 * from the project's private scheme where no standard concept says it (a model's probability and operating
 * threshold).
 */
final class Codes {

    static final String MANUFACTURER = "ICH CDS";

    // PS3.16 TID 1500
    static final CodedSequenceItem MEASUREMENT_REPORT = dcm("126000", "Imaging Measurement Report");
    static final CodedSequenceItem LANGUAGE = dcm("121049", "Language of Content Item and Descendants");
    static final CodedSequenceItem ENGLISH = code("en", "RFC5646", "English");
    static final CodedSequenceItem PROCEDURE_REPORTED = dcm("121058", "Procedure reported");
    // LOINC 25045-6: accepted by PixelMed's template validator as a CID 100 procedure (77477000 SCT was not)
    static final CodedSequenceItem CT_PROCEDURE = code("25045-6", "LN", "CT unspecified body region");
    static final CodedSequenceItem IMAGE_LIBRARY = dcm("111028", "Image Library");
    static final CodedSequenceItem IMAGE_LIBRARY_GROUP = dcm("126200", "Image Library Group");
    static final CodedSequenceItem IMAGING_MEASUREMENTS = dcm("126010", "Imaging Measurements");
    static final CodedSequenceItem MEASUREMENT_GROUP = dcm("125007", "Measurement Group");
    static final CodedSequenceItem TRACKING_ID = dcm("112039", "Tracking Identifier");
    static final CodedSequenceItem TRACKING_UID = dcm("112040", "Tracking Unique Identifier");
    static final CodedSequenceItem FINDING = dcm("121071", "Finding");
    static final CodedSequenceItem IMAGE_REGION = dcm("111030", "Image Region");
    static final CodedSequenceItem COMMENT = dcm("121106", "Comment");
    // TID 1004 Device Observer Identifying Attributes
    static final CodedSequenceItem OBSERVER_TYPE = dcm("121005", "Observer Type");
    static final CodedSequenceItem DEVICE = dcm("121007", "Device");
    static final CodedSequenceItem DEVICE_UID = dcm("121012", "Device Observer UID");
    static final CodedSequenceItem DEVICE_NAME = dcm("121013", "Device Observer Name");
    static final CodedSequenceItem DEVICE_MANUFACTURER = dcm("121014", "Device Observer Manufacturer");
    // TID 4019 Algorithm Identification
    static final CodedSequenceItem ALGORITHM_NAME = dcm("111001", "Algorithm Name");
    static final CodedSequenceItem ALGORITHM_VERSION = dcm("111003", "Algorithm Version");
    // CID 230 Yes-No
    static final CodedSequenceItem YES = code("373066001", "SCT", "Yes");
    static final CodedSequenceItem NO = code("373067005", "SCT", "No");
    // UCUM: a probability is a pure number
    static final CodedSequenceItem NO_UNITS = code("1", "UCUM", "no units");
    static final CodedSequenceItem PROBABILITY = local("probability", "AI model probability");
    static final CodedSequenceItem OPERATING_THRESHOLD = local("threshold", "AI model operating threshold");
    static final CodedSequenceItem FLAGGED = local("flagged", "Flagged by AI at the operating threshold");
    static final CodedSequenceItem BOX_SCORE = local("box-score", "AI detector score of the region");

    private Codes() {}

    private static CodedSequenceItem dcm(String value, String meaning) {
        return code(value, "DCM", meaning);
    }

    // PS3.5 6.2: a Code Value (SH) holds at most 16 characters
    private static CodedSequenceItem local(String value, String meaning) {
        return code(value, FindingCode.PRIVATE_SCHEME, meaning);
    }

    private static CodedSequenceItem code(String value, String scheme, String meaning) {
        try {
            return new CodedSequenceItem(value, scheme, meaning);
        } catch (DicomException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
