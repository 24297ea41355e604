package org.ichcds.training.phantoms;

/**
 * The acquisition grid of one series in patient coordinates (DICOM LPS, mm).
 *
 * @param matrix rows = columns
 * @param pixelSpacing mm per pixel in both directions
 * @param firstX patient x of the centre of the first column (ImagePositionPatient[0])
 * @param firstY patient y of the centre of the first row (ImagePositionPatient[1])
 * @param sliceZ patient z of each slice centre, ascending (feet to head)
 * @param thickness slice thickness in mm
 */
record ScanGeometry(int matrix, double pixelSpacing, double firstX, double firstY, double[] sliceZ, double thickness) {

    int slices() {
        return sliceZ.length;
    }

    /** Reconstruction diameter: the scanner's field of view. */
    double fieldOfView() {
        return matrix * pixelSpacing;
    }
}
