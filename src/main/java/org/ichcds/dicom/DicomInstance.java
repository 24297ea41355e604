package org.ichcds.dicom;

/**
 * One single-frame grayscale image read by {@link DicomReader}: the header values that series selection and volume
 * assembly need, and its stored pixel values (not yet rescaled).
 *
 * @param series the series-level attributes
 * @param slice the image-level attributes
 * @param storedValues the stored pixel values, row-major, {@code rows * columns} of them
 */
public record DicomInstance(SeriesHeader series, SliceHeader slice, short[] storedValues) {

    /** Series-level attributes used to choose a series. */
    public record SeriesHeader(
            String studyUid,
            String seriesUid,
            int seriesNumber,
            String modality,
            String description,
            String bodyPart,
            String contrastAgent,
            String convolutionKernel,
            String imageType) {}

    /**
     * Image-level attributes used to place and rescale a slice.
     *
     * @param pixelSpacing row spacing, column spacing (mm); null when absent
     * @param orientation ImageOrientationPatient (6 cosines); null when absent
     * @param position ImagePositionPatient (mm); null when absent
     * @param sliceThickness mm, NaN when absent
     */
    public record SliceHeader(
            String sopInstanceUid,
            int instanceNumber,
            int rows,
            int columns,
            double[] pixelSpacing,
            double sliceThickness,
            double[] orientation,
            double[] position,
            int bitsStored,
            boolean signed,
            double rescaleSlope,
            double rescaleIntercept) {}
}
