package org.ichcds.writeback;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.CompositeInstanceContext;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.reporting.BoxFinding;
import org.ichcds.reporting.FindingCode;
import org.ichcds.reporting.LabelFinding;
import org.ichcds.reporting.StudyFindings;
import org.ichcds.reporting.TriageWording;

/**
 * The analysis as a DICOM Comprehensive SR following TID 1500 (Measurement Report, PS3.16): the device observer and
 * its algorithm (TID 1004, TID 4019), the image library, one measurement group per label with its finding, the model's
 * probability, the operating threshold and whether it is flagged, and one group per box of a flagged label with the
 * box as a SCOORD on the source image (TID 1410). Patient and study come from the source images.
 */
final class MeasurementReport {

    static final String SERIES_DESCRIPTION = "AI ICH triage result, not a diagnosis";
    static final int SERIES_NUMBER = 9901;

    private final ContentItemFactory items = new ContentItemFactory();

    /** The SR's data set, without file meta information. */
    AttributeList build(StudyFindings study, SourceSeries source, WritebackUids uids) {
        try {
            AttributeList list = new StructuredReport(tree(study, source)).getAttributeList();
            list.putAll(context(source));
            identify(list, study, source, uids);
            evidence(list, source);
            return list;
        } catch (DicomException e) {
            throw new IllegalStateException("cannot build the structured report: " + e.getMessage(), e);
        }
    }

    private ContentItem tree(StudyFindings study, SourceSeries source) throws DicomException {
        ContentItem root = items.makeContainerContentItem(null, null, Codes.MEASUREMENT_REPORT, true, "DCMR", "1500");
        items.makeCodeContentItem(root, "HAS CONCEPT MOD", Codes.LANGUAGE, Codes.ENGLISH);
        // TID 1002/1004: the observer is the algorithm, a device
        items.makeCodeContentItem(root, "HAS OBS CONTEXT", Codes.OBSERVER_TYPE, Codes.DEVICE);
        items.makeUIDContentItem(
                root, "HAS OBS CONTEXT", Codes.DEVICE_UID, study.model().deviceUid());
        items.makeTextContentItem(
                root, "HAS OBS CONTEXT", Codes.DEVICE_NAME, study.model().name());
        items.makeTextContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_MANUFACTURER, Codes.MANUFACTURER);
        items.makeCodeContentItem(root, "HAS CONCEPT MOD", Codes.PROCEDURE_REPORTED, Codes.CT_PROCEDURE);
        ContentItem library = items.makeContainerContentItem(root, "CONTAINS", Codes.IMAGE_LIBRARY, true);
        ContentItem group = items.makeContainerContentItem(library, "CONTAINS", Codes.IMAGE_LIBRARY_GROUP, true);
        for (String sop : referencedImages(study)) {
            items.makeImageContentItem(
                    group, "CONTAINS", null, source.sopClassOf(sop), sop, 0, 0, null, null, null, null);
        }
        ContentItem measurements = items.makeContainerContentItem(root, "CONTAINS", Codes.IMAGING_MEASUREMENTS, true);
        for (LabelFinding finding : study.findings()) {
            labelGroup(measurements, study, finding);
            int n = 0;
            for (BoxFinding box : flaggedBoxes(finding)) {
                boxGroup(measurements, study, finding, box, ++n, source);
            }
        }
        items.makeTextContentItem(root, "CONTAINS", Codes.COMMENT, TriageWording.NOT_A_DIAGNOSIS);
        return root;
    }

    /** TID 1501: the label's finding, probability, threshold and decision. */
    private void labelGroup(ContentItem parent, StudyFindings study, LabelFinding finding) throws DicomException {
        ContentItem group = measurementGroup(parent, study, finding, display(finding), "label/" + finding.label());
        number(group, Codes.PROBABILITY, finding.probability());
        number(group, Codes.OPERATING_THRESHOLD, finding.threshold());
        items.makeCodeContentItem(group, "CONTAINS", Codes.FLAGGED, finding.positive() ? Codes.YES : Codes.NO);
    }

    /** TID 1410: one box as a closed polyline on its image, in the image's pixels. */
    private void boxGroup(
            ContentItem parent, StudyFindings study, LabelFinding finding, BoxFinding box, int n, SourceSeries source)
            throws DicomException {
        ContentItem group = measurementGroup(
                parent, study, finding, display(finding) + " box " + n, "box/" + finding.label() + "/" + n);
        ContentItem region = items.makeSpatialCoordinatesContentItem(
                group, "CONTAINS", Codes.IMAGE_REGION, "POLYLINE", Boxes.polyline(box));
        items.makeImageContentItem(
                region,
                "SELECTED FROM",
                null,
                source.sopClassOf(box.sopInstanceUid()),
                box.sopInstanceUid(),
                0,
                0,
                null,
                null,
                null,
                null);
        number(group, Codes.BOX_SCORE, box.score());
    }

    private ContentItem measurementGroup(
            ContentItem parent, StudyFindings study, LabelFinding finding, String tracking, String trackingKey)
            throws DicomException {
        ContentItem group = items.makeContainerContentItem(parent, "CONTAINS", Codes.MEASUREMENT_GROUP, true);
        items.makeTextContentItem(group, "HAS OBS CONTEXT", Codes.TRACKING_ID, tracking);
        items.makeUIDContentItem(
                group, "HAS OBS CONTEXT", Codes.TRACKING_UID, WritebackUids.tracking(study.analysisId(), trackingKey));
        FindingCode code = FindingCode.forLabel(finding.label());
        items.makeCodeContentItem(
                group, "CONTAINS", Codes.FINDING, new CodedSequenceItem(code.value(), code.scheme(), code.meaning()));
        // TID 4019 Algorithm Identification
        items.makeTextContentItem(
                group, "HAS CONCEPT MOD", Codes.ALGORITHM_NAME, study.model().id());
        items.makeTextContentItem(
                group, "HAS CONCEPT MOD", Codes.ALGORITHM_VERSION, study.model().version());
        return group;
    }

    private void number(ContentItem group, CodedSequenceItem concept, double value) throws DicomException {
        // DS holds at most 16 characters (PS3.5 6.2): four decimals say what the model said
        items.makeNumericContentItem(
                group, "CONTAINS", concept, String.format(Locale.ROOT, "%.4f", value), Codes.NO_UNITS);
    }

    /** Boxes are findings only on a flagged label: an unflagged label's boxes are below its operating point. */
    static List<BoxFinding> flaggedBoxes(LabelFinding finding) {
        return finding.positive() ? finding.boxes() : List.of();
    }

    /** The images the boxes of flagged labels lie on, in order of first mention. */
    static Set<String> referencedImages(StudyFindings study) {
        Set<String> sops = new LinkedHashSet<>();
        study.findings().forEach(f -> flaggedBoxes(f).forEach(b -> sops.add(b.sopInstanceUid())));
        return sops;
    }

    private static String display(LabelFinding finding) {
        return HemorrhageLabel.fromCode(finding.label()).display();
    }

    /** Patient and study exactly as the source images have them (PS3.3 C.7.1.1, C.7.2.1). */
    private static AttributeList context(SourceSeries source) {
        CompositeInstanceContext context = new CompositeInstanceContext(source.header(), false);
        context.removeAllButPatientAndStudy();
        return context.getAttributeList();
    }

    private static void identify(AttributeList list, StudyFindings study, SourceSeries source, WritebackUids uids) {
        String date = DicomAttributes.date(study.analysedAt());
        String time = DicomAttributes.time(study.analysedAt());
        DicomAttributes.put(list, TagFromName.SOPClassUID, SOPClass.ComprehensiveSRStorage);
        DicomAttributes.put(list, TagFromName.SOPInstanceUID, uids.srInstance());
        DicomAttributes.put(list, TagFromName.StudyInstanceUID, source.studyUid());
        DicomAttributes.put(list, TagFromName.SeriesInstanceUID, uids.srSeries());
        DicomAttributes.put(list, TagFromName.Modality, "SR");
        DicomAttributes.put(list, TagFromName.SeriesNumber, String.valueOf(SERIES_NUMBER));
        DicomAttributes.put(list, TagFromName.SeriesDescription, SERIES_DESCRIPTION);
        DicomAttributes.put(list, TagFromName.InstanceNumber, "1");
        DicomAttributes.put(list, TagFromName.Manufacturer, Codes.MANUFACTURER);
        DicomAttributes.put(
                list,
                TagFromName.SoftwareVersions,
                study.model().id() + "@" + study.model().version());
        DicomAttributes.put(list, TagFromName.ContentDate, date);
        DicomAttributes.put(list, TagFromName.ContentTime, time);
        DicomAttributes.put(list, TagFromName.InstanceCreationDate, date);
        DicomAttributes.put(list, TagFromName.InstanceCreationTime, time);
        // an AI result no person has verified (PS3.3 C.17.2)
        DicomAttributes.put(list, TagFromName.CompletionFlag, "COMPLETE");
        DicomAttributes.put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        DicomAttributes.sequence(list, TagFromName.ReferencedPerformedProcedureStepSequence);
        DicomAttributes.sequence(list, TagFromName.PerformedProcedureCodeSequence);
        // PS3.3 C.12.1.1.2.1: a private coding scheme used in the object is identified
        AttributeList scheme = new AttributeList();
        DicomAttributes.put(scheme, TagFromName.CodingSchemeDesignator, FindingCode.PRIVATE_SCHEME);
        DicomAttributes.put(scheme, TagFromName.CodingSchemeName, "ICH CDS findings and model outputs");
        DicomAttributes.put(scheme, TagFromName.CodingSchemeResponsibleOrganization, Codes.MANUFACTURER);
        DicomAttributes.sequence(list, TagFromName.CodingSchemeIdentificationSequence, scheme);
    }

    /**
     * PS3.3 C.17.2.3: every instance the report was made from, the whole analysed series, which includes every image
     * the content tree references.
     */
    private static void evidence(AttributeList list, SourceSeries source) {
        List<AttributeList> sops = source.sopClasses().entrySet().stream()
                .map(e -> Boxes.reference(e.getValue(), e.getKey()))
                .toList();
        AttributeList series = new AttributeList();
        DicomAttributes.put(series, TagFromName.SeriesInstanceUID, source.seriesUid());
        DicomAttributes.sequence(series, TagFromName.ReferencedSOPSequence, sops.toArray(AttributeList[]::new));
        AttributeList studyItem = new AttributeList();
        DicomAttributes.put(studyItem, TagFromName.StudyInstanceUID, source.studyUid());
        DicomAttributes.sequence(studyItem, TagFromName.ReferencedSeriesSequence, series);
        DicomAttributes.sequence(list, TagFromName.CurrentRequestedProcedureEvidenceSequence, studyItem);
    }
}
