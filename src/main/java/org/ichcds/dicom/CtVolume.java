package org.ichcds.dicom;

import java.util.List;
import java.util.Objects;

/**
 * One CT series as a Hounsfield-unit volume: slices sorted along the slice normal (feet to head for an axial head CT),
 * HU already rescaled and clamped to [-1024, 3071].
 *
 * @param studyUid StudyInstanceUID
 * @param seriesUid SeriesInstanceUID
 * @param rows pixel rows of every slice
 * @param columns pixel columns of every slice
 * @param rowSpacingMm PixelSpacing[0]: distance between rows, in mm (DICOM PS3.3 C.7.6.2.1.1)
 * @param columnSpacingMm PixelSpacing[1]: distance between columns, in mm
 * @param sliceThicknessMm SliceThickness
 * @param sliceSpacingMm distance between neighbouring slice positions along the normal (median)
 * @param orientation ImageOrientationPatient: row direction cosines, then column direction cosines
 * @param slices the slices, in order along the normal
 */
public record CtVolume(
        String studyUid,
        String seriesUid,
        int rows,
        int columns,
        double rowSpacingMm,
        double columnSpacingMm,
        double sliceThicknessMm,
        double sliceSpacingMm,
        double[] orientation,
        List<CtSlice> slices) {

    /** Lowest HU kept; below is air or out-of-field padding. */
    public static final short MIN_HU = -1024;
    /** Highest HU kept (12-bit range above MIN_HU). */
    public static final short MAX_HU = 3071;

    public CtVolume {
        Objects.requireNonNull(studyUid, "studyUid");
        Objects.requireNonNull(seriesUid, "seriesUid");
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("matrix must be positive, was " + rows + "x" + columns);
        }
        if (orientation == null || orientation.length != 6) {
            throw new IllegalArgumentException("orientation needs 6 direction cosines");
        }
        slices = List.copyOf(slices);
        for (CtSlice slice : slices) {
            if (slice.hu().length != rows * columns) {
                throw new IllegalArgumentException("slice " + slice.sopInstanceUid() + " has " + slice.hu().length
                        + " pixels, expected " + rows * columns);
            }
        }
    }

    public int sliceCount() {
        return slices.size();
    }

    /** One slice: its instance, its position and its HU pixels in row-major order. */
    public record CtSlice(String sopInstanceUid, int instanceNumber, double[] positionMm, short[] hu) {}
}
