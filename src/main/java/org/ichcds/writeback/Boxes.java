package org.ichcds.writeback;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.ichcds.reporting.BoxFinding;

/** A box as DICOM draws it, and references to images. */
final class Boxes {

    private Boxes() {}

    /**
     * The box as a closed polyline of five column\row points. A box's x, y are the column and row of its top-left
     * pixel, and DICOM puts 0.0\0.0 at the top-left corner of the top-left pixel (PS3.3 C.18.6.1.2 for SCOORD, C.10.5.1.2
     * for GSPS PIXEL units), so the corners are x, y and x + width, y + height with no half-pixel shift.
     */
    static float[] polyline(BoxFinding box) {
        float left = box.x();
        float top = box.y();
        float right = box.x() + box.width();
        float bottom = box.y() + box.height();
        return new float[] {left, top, right, top, right, bottom, left, bottom, left, top};
    }

    /** An item of a Referenced SOP / Referenced Image Sequence. */
    static AttributeList reference(String sopClassUid, String sopInstanceUid) {
        AttributeList item = new AttributeList();
        DicomAttributes.put(item, TagFromName.ReferencedSOPClassUID, sopClassUid);
        DicomAttributes.put(item, TagFromName.ReferencedSOPInstanceUID, sopInstanceUid);
        return item;
    }
}
