package org.ichcds.training.evaluation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a study's images are like, for figures per subgroup: read from the DICOM headers of its chosen series (matrix,
 * SliceThickness, ConvolutionKernel) and from its truth boxes (lesion size). An attribute the data set does not carry
 * is {@code null} (text) or NaN (numbers) and forms no subgroup.
 *
 * @param rows Rows of the chosen series (0 when unknown)
 * @param columns Columns of the chosen series (0 when unknown)
 * @param sliceThicknessMm SliceThickness (0018,0050) in mm
 * @param kernel ConvolutionKernel (0018,1210); null when absent
 * @param lesionSizeMm the largest side of the study's largest truth box, in mm; 0 for a study without truth boxes
 */
record StudyAttributes(int rows, int columns, double sliceThicknessMm, String kernel, double lesionSizeMm) {

    /** A study whose attributes are not known. */
    static final StudyAttributes UNKNOWN = new StudyAttributes(0, 0, Double.NaN, null, Double.NaN);

    /** Lesion sizes are grouped at these edges (mm): subtle, moderate, large collections. */
    static final double SMALL_MM = 10;

    static final double LARGE_MM = 30;

    /** Subgroup value per attribute name, in report order; attributes the study does not carry are left out. */
    Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        if (rows > 0 && columns > 0) {
            groups.put("matrix", rows + "×" + columns);
        }
        if (Double.isFinite(sliceThicknessMm) && sliceThicknessMm > 0) {
            groups.put("slice thickness", String.format(Locale.ROOT, "%.1f mm", sliceThicknessMm));
        }
        if (kernel != null && !kernel.isBlank()) {
            groups.put("kernel", kernel.strip());
        }
        if (Double.isFinite(lesionSizeMm)) {
            groups.put("lesion size", lesionSize(lesionSizeMm));
        }
        return groups;
    }

    private static String lesionSize(double mm) {
        if (mm <= 0) {
            return "no lesion";
        }
        if (mm < SMALL_MM) {
            return "< 10 mm";
        }
        return mm < LARGE_MM ? "10–30 mm" : "≥ 30 mm";
    }
}
