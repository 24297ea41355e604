package org.ichcds.training.phantoms;

/**
 * The acquisition grid of one series in patient coordinates (DICOM LPS, mm). Rows run along patient x; columns run
 * along (0, cos t, sin t) for a gantry tilt t about the x axis, so a tilted slice plane still passes through the
 * isocentre line x = y = 0 at its table position.
 *
 * @param matrix rows = columns
 * @param pixelSpacing mm per pixel in both directions
 * @param firstX patient x of the centre of the first column (ImagePositionPatient[0])
 * @param firstY in-plane coordinate of the centre of the first row along the column direction (patient y untilted)
 * @param sliceZ table position (patient z at x = y = 0) of each slice, ascending (feet to head)
 * @param thickness slice thickness in mm
 * @param tableStep table travel between slices in mm (the spacing along the normal is {@code tableStep·cos t})
 * @param tiltDegrees gantry tilt t (GantryDetectorTilt), 0 for an axial series
 */
record ScanGeometry(
        int matrix,
        double pixelSpacing,
        double firstX,
        double firstY,
        double[] sliceZ,
        double thickness,
        double tableStep,
        double tiltDegrees) {

    /** An untilted series of contiguous slices. */
    ScanGeometry(int matrix, double pixelSpacing, double firstX, double firstY, double[] sliceZ, double thickness) {
        this(matrix, pixelSpacing, firstX, firstY, sliceZ, thickness, thickness, 0);
    }

    int slices() {
        return sliceZ.length;
    }

    /** Reconstruction diameter: the scanner's field of view. */
    double fieldOfView() {
        return matrix * pixelSpacing;
    }

    boolean tilted() {
        return tiltDegrees != 0;
    }

    double cos() {
        return Math.cos(Math.toRadians(tiltDegrees));
    }

    double sin() {
        return Math.sin(Math.toRadians(tiltDegrees));
    }

    /** ImageOrientationPatient: the row direction, then the column direction (DICOM PS3.3 C.7.6.2.1.1). */
    double[] orientation() {
        return tilted() ? new double[] {1, 0, 0, 0, cos(), sin()} : new double[] {1, 0, 0, 0, 1, 0};
    }

    /** ImagePositionPatient of slice {@code s}: the centre of its first pixel. */
    double[] position(int s) {
        if (!tilted()) {
            return new double[] {firstX, firstY, sliceZ[s]};
        }
        return new double[] {firstX, firstY * cos(), sliceZ[s] + firstY * sin()};
    }

    /** Distance between neighbouring slice planes along their normal. */
    double sliceSpacing() {
        return tilted() ? tableStep * cos() : tableStep;
    }
}
