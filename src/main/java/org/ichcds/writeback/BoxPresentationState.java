package org.ichcds.writeback;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CompositeInstanceContext;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.reporting.BoxFinding;
import org.ichcds.reporting.LabelFinding;
import org.ichcds.reporting.StudyFindings;
import org.ichcds.reporting.TriageWording;

/**
 * A Grayscale Softcopy Presentation State (PS3.3 A.33.1) that draws the boxes of the flagged labels, each with its
 * label and score, on the slices they lie on, in a brain window, for any PACS viewer. Built attribute by attribute:
 * PixelMed has no GSPS writer for annotations.
 */
final class BoxPresentationState {

    static final int SERIES_NUMBER = 9902;
    static final String LAYER = "ICH_AI";
    static final String CONTENT_LABEL = "ICH_AI_BOXES";
    // the brain window (WL 40 / WW 80), the first of the model's windows and the one hemorrhage is read in
    private static final String WINDOW_CENTER = "40";
    private static final String WINDOW_WIDTH = "80";
    // the text's box in image pixels: about 8 columns per character, 12 rows high (the viewer scales the font to it)
    private static final float TEXT_CHAR_WIDTH = 8f;
    private static final float TEXT_HEIGHT = 12f;

    /** The data set, without file meta information; none when no flagged label has a box. */
    java.util.Optional<AttributeList> build(StudyFindings study, SourceSeries source, WritebackUids uids) {
        Map<String, List<Drawn>> bySlice = new LinkedHashMap<>();
        for (LabelFinding finding : study.findings()) {
            for (BoxFinding box : MeasurementReport.flaggedBoxes(finding)) {
                bySlice.computeIfAbsent(box.sopInstanceUid(), k -> new ArrayList<>())
                        .add(new Drawn(finding.label(), box));
            }
        }
        if (bySlice.isEmpty()) {
            return java.util.Optional.empty();
        }
        AttributeList list = context(source);
        identify(list, study, uids);
        references(list, source, bySlice);
        display(list, source);
        annotations(list, source, bySlice);
        return java.util.Optional.of(list);
    }

    private record Drawn(String label, BoxFinding box) {}

    private static AttributeList context(SourceSeries source) {
        CompositeInstanceContext context = new CompositeInstanceContext(source.header(), false);
        context.removeAllButPatientAndStudy();
        AttributeList list = context.getAttributeList();
        // General Series: Laterality (type 2C) is required of a paired body part unless BodyPartExamined says it is
        // not one; dciodvfy errs without it, so the source's HEAD is copied
        String bodyPart = source.value(TagFromName.BodyPartExamined);
        DicomAttributes.put(list, TagFromName.BodyPartExamined, bodyPart.isEmpty() ? "HEAD" : bodyPart);
        return list;
    }

    private static void identify(AttributeList list, StudyFindings study, WritebackUids uids) {
        String date = DicomAttributes.date(study.analysedAt());
        String time = DicomAttributes.time(study.analysedAt());
        DicomAttributes.put(list, TagFromName.SOPClassUID, SOPClass.GrayscaleSoftcopyPresentationStateStorage);
        DicomAttributes.put(list, TagFromName.SOPInstanceUID, uids.prInstance());
        DicomAttributes.put(list, TagFromName.SeriesInstanceUID, uids.prSeries());
        DicomAttributes.put(list, TagFromName.Modality, "PR");
        DicomAttributes.put(list, TagFromName.SeriesNumber, String.valueOf(SERIES_NUMBER));
        DicomAttributes.put(list, TagFromName.SeriesDescription, "AI ICH triage boxes, not a diagnosis");
        DicomAttributes.put(list, TagFromName.Manufacturer, Codes.MANUFACTURER);
        DicomAttributes.put(
                list,
                TagFromName.SoftwareVersions,
                study.model().id() + "@" + study.model().version());
        DicomAttributes.put(list, TagFromName.InstanceNumber, "1");
        // PS3.3 C.11.10 Presentation State Identification
        DicomAttributes.put(list, TagFromName.ContentLabel, CONTENT_LABEL);
        DicomAttributes.put(list, TagFromName.ContentDescription, TriageWording.NOTE);
        DicomAttributes.put(list, TagFromName.PresentationCreationDate, date);
        DicomAttributes.put(list, TagFromName.PresentationCreationTime, time);
        DicomAttributes.put(list, TagFromName.ContentCreatorName, (String) null);
        DicomAttributes.put(list, TagFromName.InstanceCreationDate, date);
        DicomAttributes.put(list, TagFromName.InstanceCreationTime, time);
    }

    /** PS3.3 C.11.11 Presentation State Relationship: the slices drawn on. */
    private static void references(AttributeList list, SourceSeries source, Map<String, List<Drawn>> bySlice) {
        AttributeList series = new AttributeList();
        DicomAttributes.put(series, TagFromName.SeriesInstanceUID, source.seriesUid());
        DicomAttributes.sequence(series, TagFromName.ReferencedImageSequence, images(source, bySlice.keySet()));
        DicomAttributes.sequence(list, TagFromName.ReferencedSeriesSequence, series);
    }

    /** Displayed area (C.10.4), modality LUT (C.11.1), VOI LUT (C.11.8), presentation LUT (C.11.6). */
    private static void display(AttributeList list, SourceSeries source) {
        AttributeList area = new AttributeList();
        DicomAttributes.put(area, PresentationTags.DISPLAYED_AREA_TOP_LEFT, "1", "1");
        DicomAttributes.put(
                area,
                PresentationTags.DISPLAYED_AREA_BOTTOM_RIGHT,
                String.valueOf(source.columns()),
                String.valueOf(source.rows()));
        DicomAttributes.put(area, PresentationTags.PRESENTATION_SIZE_MODE, "SCALE TO FIT");
        DicomAttributes.put(area, PresentationTags.PRESENTATION_PIXEL_ASPECT_RATIO, "1", "1");
        DicomAttributes.sequence(list, PresentationTags.DISPLAYED_AREA_SELECTION_SEQUENCE, area);
        // the presentation state's modality LUT replaces the image's: the source's rescale, so the window is in HU
        String slope = source.value(TagFromName.RescaleSlope);
        String intercept = source.value(TagFromName.RescaleIntercept);
        DicomAttributes.put(list, TagFromName.RescaleSlope, slope.isEmpty() ? "1" : slope);
        DicomAttributes.put(list, TagFromName.RescaleIntercept, intercept.isEmpty() ? "0" : intercept);
        DicomAttributes.put(list, TagFromName.RescaleType, "HU");
        AttributeList window = new AttributeList();
        DicomAttributes.put(window, TagFromName.WindowCenter, WINDOW_CENTER);
        DicomAttributes.put(window, TagFromName.WindowWidth, WINDOW_WIDTH);
        DicomAttributes.sequence(list, PresentationTags.SOFTCOPY_VOI_LUT_SEQUENCE, window);
        DicomAttributes.put(list, TagFromName.PresentationLUTShape, "IDENTITY");
    }

    /** PS3.3 C.10.5 Graphic Annotation and C.10.7 Graphic Layer: per slice, its boxes and their labels. */
    private static void annotations(AttributeList list, SourceSeries source, Map<String, List<Drawn>> bySlice) {
        List<AttributeList> annotations = new ArrayList<>();
        for (Map.Entry<String, List<Drawn>> slice : bySlice.entrySet()) {
            AttributeList annotation = new AttributeList();
            DicomAttributes.sequence(
                    annotation, TagFromName.ReferencedImageSequence, images(source, List.of(slice.getKey())));
            DicomAttributes.put(annotation, PresentationTags.GRAPHIC_LAYER, LAYER);
            DicomAttributes.sequence(
                    annotation,
                    PresentationTags.GRAPHIC_OBJECT_SEQUENCE,
                    slice.getValue().stream().map(d -> graphic(d.box())).toArray(AttributeList[]::new));
            DicomAttributes.sequence(
                    annotation,
                    PresentationTags.TEXT_OBJECT_SEQUENCE,
                    slice.getValue().stream().map(d -> text(d, source)).toArray(AttributeList[]::new));
            annotations.add(annotation);
        }
        DicomAttributes.sequence(
                list, TagFromName.GraphicAnnotationSequence, annotations.toArray(AttributeList[]::new));
        AttributeList layer = new AttributeList();
        DicomAttributes.put(layer, PresentationTags.GRAPHIC_LAYER, LAYER);
        DicomAttributes.put(layer, PresentationTags.GRAPHIC_LAYER_ORDER, "1");
        DicomAttributes.put(layer, PresentationTags.GRAPHIC_LAYER_DESCRIPTION, "AI ICH triage boxes");
        DicomAttributes.sequence(list, PresentationTags.GRAPHIC_LAYER_SEQUENCE, layer);
    }

    private static AttributeList graphic(BoxFinding box) {
        AttributeList graphic = new AttributeList();
        DicomAttributes.put(graphic, PresentationTags.GRAPHIC_ANNOTATION_UNITS, "PIXEL");
        DicomAttributes.put(graphic, PresentationTags.GRAPHIC_DIMENSIONS, "2");
        DicomAttributes.put(graphic, PresentationTags.NUMBER_OF_GRAPHIC_POINTS, "5");
        DicomAttributes.put(graphic, PresentationTags.GRAPHIC_DATA, Boxes.polyline(box));
        DicomAttributes.put(graphic, PresentationTags.GRAPHIC_TYPE, "POLYLINE");
        DicomAttributes.put(graphic, PresentationTags.GRAPHIC_FILLED, "N");
        return graphic;
    }

    /**
     * The label and score in a box above the drawn one, kept inside the image (PIXEL units must lie within it, PS3.3
     * C.10.5.1.2): moved down when the box touches the top, left when the words would pass the right edge.
     */
    private static AttributeList text(Drawn drawn, SourceSeries source) {
        BoxFinding box = drawn.box();
        String words = HemorrhageLabel.fromCode(drawn.label()).shortName() + " "
                + String.format(Locale.ROOT, "%.2f", box.score()) + " (AI)";
        float width = TEXT_CHAR_WIDTH * words.length();
        float columns = source.columns() > 0 ? source.columns() : box.x() + box.width() + width;
        float left = Math.max(0, Math.min(box.x(), columns - width));
        float top = Math.max(0, box.y() - TEXT_HEIGHT - 2);
        AttributeList text = new AttributeList();
        DicomAttributes.put(text, PresentationTags.BOUNDING_BOX_ANNOTATION_UNITS, "PIXEL");
        DicomAttributes.put(text, PresentationTags.UNFORMATTED_TEXT_VALUE, words);
        DicomAttributes.put(text, PresentationTags.BOUNDING_BOX_TOP_LEFT, new float[] {left, top});
        DicomAttributes.put(text, PresentationTags.BOUNDING_BOX_BOTTOM_RIGHT, new float[] {
            Math.min(columns, left + width), top + TEXT_HEIGHT
        });
        DicomAttributes.put(text, PresentationTags.BOUNDING_BOX_JUSTIFICATION, "LEFT");
        return text;
    }

    private static AttributeList[] images(SourceSeries source, java.util.Collection<String> sops) {
        return sops.stream()
                .map(sop -> Boxes.reference(source.sopClassOf(sop), sop))
                .toArray(AttributeList[]::new);
    }
}
