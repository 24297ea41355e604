package org.ichcds.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.reporting.BoxFinding;
import org.ichcds.reporting.PacsObject;
import org.ichcds.reporting.StudyFindings;
import org.junit.jupiter.api.Test;

/**
 * The SR and the presentation state built from findings and the source series: codes of the content tree, box
 * coordinates equal to the analysis's boxes, references to the images the PACS holds, patient and study copied, UIDs
 * stable per analysis.
 */
class WritebackBuildersTest {

    private static final String ANALYSIS = "7d9c1c9e-4f1a-4b6e-9a51-0c6f5f1d2e3a";

    static PacsWriteback writeback() {
        return new PacsWriteback(
                null,
                null,
                URI.create("https://pacs.example.org/dicom-web/"),
                new WritebackProperties(
                        URI.create("https://pacs.example.org/dicom-web/"),
                        null,
                        null,
                        null,
                        false,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofHours(1)));
    }

    static PacsWriteback.Built built(StudyFindings study) {
        return writeback().build(study, SourceSeries.fromMetadata(WritebackFixtures.metadata(WritebackFixtures.STUDY)));
    }

    @Test
    void theReportIsATid1500MeasurementReportByTheModelAsADevice() throws Exception {
        AttributeList sr = built(WritebackFixtures.findings(ANALYSIS)).report();
        ContentItem root = (ContentItem) new StructuredReport(sr).getRoot();

        assertThat(root.getConceptNameCodeValue()).isEqualTo("126000");
        assertThat(text(sr, TagFromName.SOPClassUID)).isEqualTo("1.2.840.10008.5.1.4.1.1.88.33");
        assertThat(text(sr, TagFromName.Modality)).isEqualTo("SR");
        assertThat(text(sr, TagFromName.VerificationFlag)).isEqualTo("UNVERIFIED");
        assertThat(code(root, "121005")).isEqualTo("121007");
        assertThat(value(root, "121012")).isEqualTo(WritebackFixtures.MODEL.deviceUid());
        assertThat(value(root, "121106")).contains("not a diagnosis");
        // patient and study as the PACS holds them, the SR in a series of its own
        assertThat(text(sr, TagFromName.PatientName)).isEqualTo("Phantom^Ada");
        assertThat(text(sr, TagFromName.PatientID)).isEqualTo("MRN-0042");
        assertThat(text(sr, TagFromName.AccessionNumber)).isEqualTo("ACC42");
        assertThat(text(sr, TagFromName.StudyInstanceUID)).isEqualTo(WritebackFixtures.STUDY);
        assertThat(text(sr, TagFromName.SeriesInstanceUID)).isNotEqualTo(WritebackFixtures.SERIES);
    }

    @Test
    void everyLabelHasAGroupWithItsFindingProbabilityAndDecisionAndTheAlgorithm() {
        ContentItem measurements = measurements(built(WritebackFixtures.findings(ANALYSIS)));
        Map<String, ContentItem> groups = groupsByTracking(measurements);

        assertThat(groups)
                .containsKeys("Intracranial hemorrhage (any type)", "Subdural hemorrhage", "Epidural hemorrhage");
        ContentItem subdural = groups.get("Subdural hemorrhage");
        // SNOMED CT where verified, the project's private scheme elsewhere
        assertThat(code(subdural, "121071")).isEqualTo("35486000");
        assertThat(code(groups.get("Epidural hemorrhage"), "121071")).isEqualTo("epidural");
        assertThat(Double.parseDouble(number(subdural, "probability"))).isEqualTo(0.91);
        assertThat(Double.parseDouble(number(subdural, "threshold"))).isEqualTo(0.5);
        assertThat(code(subdural, "flagged")).isEqualTo("373066001");
        assertThat(code(groups.get("Epidural hemorrhage"), "flagged")).isEqualTo("373067005");
        assertThat(value(subdural, "111001")).isEqualTo("ich-phantom");
        assertThat(value(subdural, "111003")).isEqualTo("1.2.0");
    }

    @Test
    void theBoxesOfFlaggedLabelsAreScoordsOnTheirImagesWithTheAnalysisCoordinates() {
        StudyFindings study = WritebackFixtures.findings(ANALYSIS);
        Map<String, ContentItem> groups = groupsByTracking(measurements(built(study)));

        List<BoxFinding> subdural = study.findings().get(5).boxes();
        assertBox(groups.get("Subdural hemorrhage box 1"), subdural.get(0));
        assertBox(groups.get("Subdural hemorrhage box 2"), subdural.get(1));
        assertBox(
                groups.get("Subarachnoid hemorrhage box 1"),
                study.findings().get(4).boxes().get(0));
        // epidural's box lies below its operating point: it is not a finding
        assertThat(groups).doesNotContainKey("Epidural hemorrhage box 1");
    }

    @Test
    void theEvidenceListsTheWholeSeriesAndSoEveryReferencedImage() {
        AttributeList sr = built(WritebackFixtures.findings(ANALYSIS)).report();

        List<String> evidence = referencedSops(sr, TagFromName.CurrentRequestedProcedureEvidenceSequence);

        assertThat(evidence)
                .hasSize(WritebackFixtures.SLICES)
                .contains(WritebackFixtures.sop(4), WritebackFixtures.sop(5));
        assertThat(evidence).doesNotContain(WritebackFixtures.sop(99));
    }

    @Test
    void thePresentationStateDrawsTheFlaggedBoxesOnTheirSlices() {
        StudyFindings study = WritebackFixtures.findings(ANALYSIS);
        AttributeList pr = built(study).presentationState().orElseThrow();

        assertThat(text(pr, TagFromName.Modality)).isEqualTo("PR");
        assertThat(text(pr, TagFromName.SOPClassUID)).isEqualTo("1.2.840.10008.5.1.4.1.1.11.1");
        assertThat(referencedSops(pr, TagFromName.ReferencedSeriesSequence))
                .containsExactlyInAnyOrder(WritebackFixtures.sop(4), WritebackFixtures.sop(5));
        Map<String, List<float[]>> drawn = new LinkedHashMap<>();
        for (AttributeList annotation : items(pr, TagFromName.GraphicAnnotationSequence)) {
            String sop = text(
                    items(annotation, TagFromName.ReferencedImageSequence).get(0),
                    TagFromName.ReferencedSOPInstanceUID);
            for (AttributeList graphic : items(annotation, PresentationTags.GRAPHIC_OBJECT_SEQUENCE)) {
                drawn.computeIfAbsent(sop, k -> new ArrayList<>()).add(floats(graphic, PresentationTags.GRAPHIC_DATA));
            }
        }
        assertThat(drawn.get(WritebackFixtures.sop(4)))
                .containsExactly(new float[] {200, 88, 257, 88, 257, 228, 200, 228, 200, 88});
        // slice 5 carries a subdural and a subarachnoid box
        assertThat(drawn.get(WritebackFixtures.sop(5)))
                .containsExactlyInAnyOrder(
                        new float[] {201, 90, 256, 90, 256, 223, 201, 223, 201, 90},
                        new float[] {480, 260, 500, 260, 500, 291, 480, 291, 480, 260});
    }

    @Test
    void theLabelsOfTheBoxesStayInsideTheImage() throws Exception {
        AttributeList pr =
                built(WritebackFixtures.findings(ANALYSIS)).presentationState().orElseThrow();

        List<String> words = new ArrayList<>();
        for (AttributeList annotation : items(pr, TagFromName.GraphicAnnotationSequence)) {
            for (AttributeList text : items(annotation, PresentationTags.TEXT_OBJECT_SEQUENCE)) {
                words.add(text(text, PresentationTags.UNFORMATTED_TEXT_VALUE));
                float[] topLeft = floats(text, PresentationTags.BOUNDING_BOX_TOP_LEFT);
                float[] bottomRight = floats(text, PresentationTags.BOUNDING_BOX_BOTTOM_RIGHT);
                assertThat(topLeft[0]).isBetween(0f, 512f);
                assertThat(topLeft[1]).isBetween(0f, 512f);
                assertThat(bottomRight[0]).isBetween(topLeft[0], 512f);
                assertThat(bottomRight[1]).isBetween(topLeft[1], 512f);
            }
        }
        assertThat(words)
                .containsExactlyInAnyOrder("subdural 0.81 (AI)", "subdural 0.77 (AI)", "subarachnoid 0.66 (AI)");
    }

    @Test
    void aNegativeStudyGetsAReportAndNoPresentationState() throws Exception {
        PacsWriteback.Built built = built(WritebackFixtures.negative(ANALYSIS));

        assertThat(built.presentationState()).isEmpty();
        assertThat(groupsByTracking(measurements(built))).hasSize(7);
    }

    @Test
    void theUidsDependOnTheAnalysisOnly() {
        PacsWriteback.Built first = built(WritebackFixtures.findings(ANALYSIS));
        PacsWriteback.Built again = built(WritebackFixtures.findings(ANALYSIS));
        PacsWriteback.Built other = built(WritebackFixtures.findings("another-analysis"));

        assertThat(text(again.report(), TagFromName.SOPInstanceUID))
                .isEqualTo(text(first.report(), TagFromName.SOPInstanceUID))
                .startsWith("2.25.");
        assertThat(DicomAttributes.encode(again.report())).isEqualTo(DicomAttributes.encode(first.report()));
        assertThat(text(other.report(), TagFromName.SOPInstanceUID))
                .isNotEqualTo(text(first.report(), TagFromName.SOPInstanceUID));
        assertThat(first.uids().srSeries()).isNotEqualTo(first.uids().prSeries());
    }

    @Test
    void theLinksNameTheWadoRsUrlsOfTheObjects() {
        // the links are returned by queue(); built here without an outbox, their form is that of PS3.18 10.4.1
        WritebackUids uids = WritebackUids.of(ANALYSIS);
        assertThat(uids.srInstance()).matches("2\\.25\\.[0-9]+");
        assertThat(PacsObject.Kind.values()).hasSize(2);
    }

    @Test
    void aSeriesWhoseUidsAreNotUidsIsNotWrittenBack() {
        List<JsonNode> metadata = WritebackFixtures.metadata(WritebackFixtures.STUDY);
        ((ObjectNode) metadata.get(3).get("00080018"))
                .set(
                        "Value",
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                                .arrayNode()
                                .add(TextNode.valueOf("ID_1b5ac170c")));

        assertThatThrownBy(() -> SourceSeries.fromMetadata(metadata))
                .isInstanceOf(NotWritableException.class)
                .hasMessageContaining("SOPInstanceUID is not a valid DICOM UID");
    }

    @Test
    void aReceivedSeriesDescribesItselfAsThePacsListsIt() throws Exception {
        List<JsonNode> metadata = WritebackFixtures.metadata(WritebackFixtures.STUDY);
        List<AttributeList> headers = new ArrayList<>();
        for (JsonNode instance : metadata) {
            AttributeList header = new AttributeList();
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) instance::fields) {
                AttributeTag tag = new AttributeTag(
                        Integer.parseInt(field.getKey().substring(0, 4), 16),
                        Integer.parseInt(field.getKey().substring(4), 16));
                JsonNode value = field.getValue().path("Value").path(0);
                DicomAttributes.put(
                        header, tag, value.isObject() ? value.path("Alphabetic").asText() : value.asText());
            }
            headers.add(header);
        }

        SourceSeries listed = SourceSeries.fromMetadata(metadata);
        SourceSeries received = SourceSeries.fromHeaders(headers);

        assertThat(received.sopClasses()).containsExactlyEntriesOf(listed.sopClasses());
        assertThat(received.rows()).isEqualTo(512);
        assertThat(received.columns()).isEqualTo(512);
        assertThat(received.seriesUid()).isEqualTo(WritebackFixtures.SERIES);
        for (AttributeTag tag : List.of(
                TagFromName.PatientName, TagFromName.PatientID, TagFromName.StudyDate, TagFromName.AccessionNumber)) {
            assertThat(received.value(tag))
                    .as(tag.toString())
                    .isEqualTo(listed.value(tag))
                    .isNotEmpty();
        }
        assertThat(writeback()
                        .build(WritebackFixtures.findings(ANALYSIS), received)
                        .presentationState())
                .isPresent();
    }

    @Test
    void aBoxOnAnImageOutsideTheSeriesIsRefused() {
        StudyFindings study = WritebackFixtures.findings(ANALYSIS);
        SourceSeries fewer = SourceSeries.fromMetadata(
                WritebackFixtures.metadata(WritebackFixtures.STUDY).subList(0, 4));

        assertThatThrownBy(() -> writeback().build(study, fewer)).isInstanceOf(NotWritableException.class);
    }

    @Test
    void anotherStudysSeriesIsRefused() {
        SourceSeries other = SourceSeries.fromMetadata(WritebackFixtures.metadata("1.2.826.0.1.3680043.8.498.9"));

        assertThatThrownBy(() -> writeback().build(WritebackFixtures.findings(ANALYSIS), other))
                .isInstanceOf(NotWritableException.class);
    }

    private static void assertBox(ContentItem group, BoxFinding box) {
        assertThat(group).as("a measurement group for the box").isNotNull();
        var region = (ContentItemFactory.SpatialCoordinatesContentItem) group.getNamedChild("DCM", "111030");
        assertThat(region.getGraphicType()).isEqualTo("POLYLINE");
        float x = box.x();
        float y = box.y();
        float right = box.x() + box.width();
        float bottom = box.y() + box.height();
        assertThat(region.getGraphicData()).containsExactly(x, y, right, y, right, bottom, x, bottom, x, y);
        var image = (ContentItemFactory.ImageContentItem) region.getChildAt(0);
        assertThat(image.getReferencedSOPInstanceUID()).isEqualTo(box.sopInstanceUid());
        assertThat(image.getReferencedSOPClassUID()).isEqualTo(WritebackFixtures.CT_IMAGE);
    }

    static ContentItem measurements(PacsWriteback.Built built) {
        try {
            ContentItem root = (ContentItem) new StructuredReport(built.report()).getRoot();
            return root.getNamedChild("DCM", "126010");
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, ContentItem> groupsByTracking(ContentItem measurements) {
        Map<String, ContentItem> groups = new LinkedHashMap<>();
        for (int i = 0; i < measurements.getChildCount(); i++) {
            ContentItem group = (ContentItem) measurements.getChildAt(i);
            groups.put(value(group, "112039"), group);
        }
        return groups;
    }

    private static String value(ContentItem parent, String dcmCode) {
        return ContentItem.getSingleStringValueOrNullOfNamedChild(parent, "DCM", dcmCode);
    }

    private static String number(ContentItem parent, String privateCode) {
        var item = (ContentItemFactory.NumericContentItem) parent.getNamedChild("99ICHCDS", privateCode);
        return item.getNumericValue();
    }

    private static String code(ContentItem parent, String conceptCode) {
        ContentItem item = parent.getNamedChild("DCM", conceptCode);
        if (item == null) {
            item = parent.getNamedChild("99ICHCDS", conceptCode);
        }
        return ((ContentItemFactory.CodeContentItem) item).getConceptCode().getCodeValue();
    }

    static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }

    static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        List<AttributeList> items = new ArrayList<>();
        SequenceAttribute sequence = (SequenceAttribute) list.get(tag);
        if (sequence != null) {
            for (java.util.Iterator<SequenceItem> it = sequence.iterator(); it.hasNext(); ) {
                items.add(it.next().getAttributeList());
            }
        }
        return items;
    }

    /** The SOP Instance UIDs under a study → series → SOP, or series → image, reference sequence. */
    static List<String> referencedSops(AttributeList list, AttributeTag top) {
        List<String> sops = new ArrayList<>();
        for (AttributeList item : items(list, top)) {
            List<AttributeList> series = item.get(TagFromName.ReferencedSeriesSequence) == null
                    ? List.of(item)
                    : items(item, TagFromName.ReferencedSeriesSequence);
            for (AttributeList s : series) {
                List<AttributeList> refs = new ArrayList<>(items(s, TagFromName.ReferencedSOPSequence));
                refs.addAll(items(s, TagFromName.ReferencedImageSequence));
                refs.forEach(r -> sops.add(text(r, TagFromName.ReferencedSOPInstanceUID)));
            }
        }
        return sops;
    }

    private static float[] floats(AttributeList list, AttributeTag tag) {
        try {
            return list.get(tag).getFloatValues();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }
}
