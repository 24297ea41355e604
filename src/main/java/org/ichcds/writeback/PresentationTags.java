package org.ichcds.writeback;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ValueRepresentation;
import java.util.Map;

/**
 * The presentation state attributes Debian's PixelMed build has no {@code TagFromName} constant for, with their tags
 * and VRs from DICOM PS3.6, so that writing them does not depend on PixelMed's dictionary.
 */
final class PresentationTags {

    static final AttributeTag GRAPHIC_LAYER = new AttributeTag(0x0070, 0x0002);
    static final AttributeTag BOUNDING_BOX_ANNOTATION_UNITS = new AttributeTag(0x0070, 0x0003);
    static final AttributeTag GRAPHIC_ANNOTATION_UNITS = new AttributeTag(0x0070, 0x0005);
    static final AttributeTag UNFORMATTED_TEXT_VALUE = new AttributeTag(0x0070, 0x0006);
    static final AttributeTag TEXT_OBJECT_SEQUENCE = new AttributeTag(0x0070, 0x0008);
    static final AttributeTag GRAPHIC_OBJECT_SEQUENCE = new AttributeTag(0x0070, 0x0009);
    static final AttributeTag BOUNDING_BOX_TOP_LEFT = new AttributeTag(0x0070, 0x0010);
    static final AttributeTag BOUNDING_BOX_BOTTOM_RIGHT = new AttributeTag(0x0070, 0x0011);
    static final AttributeTag BOUNDING_BOX_JUSTIFICATION = new AttributeTag(0x0070, 0x0012);
    static final AttributeTag GRAPHIC_DIMENSIONS = new AttributeTag(0x0070, 0x0020);
    static final AttributeTag NUMBER_OF_GRAPHIC_POINTS = new AttributeTag(0x0070, 0x0021);
    static final AttributeTag GRAPHIC_DATA = new AttributeTag(0x0070, 0x0022);
    static final AttributeTag GRAPHIC_TYPE = new AttributeTag(0x0070, 0x0023);
    static final AttributeTag GRAPHIC_FILLED = new AttributeTag(0x0070, 0x0024);
    static final AttributeTag DISPLAYED_AREA_TOP_LEFT = new AttributeTag(0x0070, 0x0052);
    static final AttributeTag DISPLAYED_AREA_BOTTOM_RIGHT = new AttributeTag(0x0070, 0x0053);
    static final AttributeTag DISPLAYED_AREA_SELECTION_SEQUENCE = new AttributeTag(0x0070, 0x005A);
    static final AttributeTag GRAPHIC_LAYER_SEQUENCE = new AttributeTag(0x0070, 0x0060);
    static final AttributeTag GRAPHIC_LAYER_ORDER = new AttributeTag(0x0070, 0x0062);
    static final AttributeTag GRAPHIC_LAYER_DESCRIPTION = new AttributeTag(0x0070, 0x0068);
    static final AttributeTag PRESENTATION_SIZE_MODE = new AttributeTag(0x0070, 0x0100);
    static final AttributeTag PRESENTATION_PIXEL_ASPECT_RATIO = new AttributeTag(0x0070, 0x0102);
    static final AttributeTag SOFTCOPY_VOI_LUT_SEQUENCE = new AttributeTag(0x0028, 0x3110);

    private static final Map<AttributeTag, byte[]> VR = Map.ofEntries(
            Map.entry(GRAPHIC_LAYER, ValueRepresentation.CS),
            Map.entry(BOUNDING_BOX_ANNOTATION_UNITS, ValueRepresentation.CS),
            Map.entry(GRAPHIC_ANNOTATION_UNITS, ValueRepresentation.CS),
            Map.entry(UNFORMATTED_TEXT_VALUE, ValueRepresentation.ST),
            Map.entry(BOUNDING_BOX_TOP_LEFT, ValueRepresentation.FL),
            Map.entry(BOUNDING_BOX_BOTTOM_RIGHT, ValueRepresentation.FL),
            Map.entry(BOUNDING_BOX_JUSTIFICATION, ValueRepresentation.CS),
            Map.entry(GRAPHIC_DIMENSIONS, ValueRepresentation.US),
            Map.entry(NUMBER_OF_GRAPHIC_POINTS, ValueRepresentation.US),
            Map.entry(GRAPHIC_DATA, ValueRepresentation.FL),
            Map.entry(GRAPHIC_TYPE, ValueRepresentation.CS),
            Map.entry(GRAPHIC_FILLED, ValueRepresentation.CS),
            Map.entry(DISPLAYED_AREA_TOP_LEFT, ValueRepresentation.SL),
            Map.entry(DISPLAYED_AREA_BOTTOM_RIGHT, ValueRepresentation.SL),
            Map.entry(GRAPHIC_LAYER_ORDER, ValueRepresentation.IS),
            Map.entry(GRAPHIC_LAYER_DESCRIPTION, ValueRepresentation.LO),
            Map.entry(PRESENTATION_SIZE_MODE, ValueRepresentation.CS),
            Map.entry(PRESENTATION_PIXEL_ASPECT_RATIO, ValueRepresentation.IS));

    private PresentationTags() {}

    /** The VR of one of these attributes; null for any other. */
    static byte[] vr(AttributeTag tag) {
        return VR.get(tag);
    }
}
