package org.ichcds.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;

/**
 * An {@link AttributeList} that refuses any declared value length larger than the input it reads from. PixelMed
 * allocates a declared length before reading it (0xFFFFFFF0 would cost 4 GB), so the check must happen first.
 */
final class GuardedAttributeList extends AttributeList {

    // DICOM PS3.5 7.1.1: 0xFFFFFFFF is the undefined length of sequences and encapsulated pixel data
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;

    private final long availableBytes;

    GuardedAttributeList(long availableBytes) {
        this.availableBytes = availableBytes;
    }

    @Override
    protected void checkSanityOfValueLength(long vl, byte[] vr, AttributeTag tag, boolean allowUnspecifiedLengths)
            throws DicomException {
        if (vl != UNDEFINED_LENGTH && vl > availableBytes) {
            throw new DicomException(
                    "element " + tag + " declares " + vl + " bytes but the input has only " + availableBytes);
        }
        super.checkSanityOfValueLength(vl, vr, tag, allowUnspecifiedLengths);
    }
}
