package org.ichcds.dicom;

/**
 * One single-frame grayscale image read by {@link DicomReader}: the header values that series selection and volume
 * assembly need, whose images they are, and its stored pixel values (not yet rescaled).
 *
 * @param series the series-level attributes
 * @param slice the image-level attributes
 * @param patient the patient the image names
 * @param storedValues the stored pixel values, row-major, {@code rows * columns} of them
 */
public record DicomInstance(SeriesHeader series, SliceHeader slice, PatientIdentity patient, short[] storedValues) {

    /**
     * The patient identification of an image (DICOM PS3.3 C.7.1.1, Patient Module).
     *
     * @param patientId PatientID (0010,0020), without DICOM's padding; empty when absent
     * @param issuer IssuerOfPatientID (0010,0021); empty when absent
     */
    public record PatientIdentity(String patientId, String issuer) {
        public PatientIdentity {
            patientId = patientId == null ? "" : patientId.strip();
            issuer = issuer == null ? "" : issuer.strip();
        }
    }

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
