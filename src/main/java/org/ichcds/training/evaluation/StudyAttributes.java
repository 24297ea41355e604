package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a study's images are like, for figures per subgroup: read from the DICOM headers of its chosen series (matrix,
 * SliceThickness, ConvolutionKernel), from its truth boxes (lesion size), and from what the data set's {@code
 * studies.csv} lists of it (style, gantry tilt, motion, pixel storage, look-alikes). An attribute the data set does
 * not carry is {@code null} (text), NaN (numbers) or absent (listed) and forms no subgroup.
 *
 * @param rows Rows of the chosen series (0 when unknown)
 * @param columns Columns of the chosen series (0 when unknown)
 * @param sliceThicknessMm SliceThickness (0018,0050) in mm
 * @param kernel ConvolutionKernel (0018,1210); null when absent
 * @param lesionSizeMm the largest side of the study's largest truth box, in mm; 0 for a study without truth boxes
 * @param listed the study's columns in the data set's studies.csv, by name
 */
record StudyAttributes(
        int rows,
        int columns,
        double sliceThicknessMm,
        String kernel,
        double lesionSizeMm,
        Map<String, String> listed) {

    /** A study whose attributes are not known. */
    static final StudyAttributes UNKNOWN = new StudyAttributes(0, 0, Double.NaN, null, Double.NaN, Map.of());

    /** Lesion sizes are grouped at these edges (mm): subtle, moderate, large collections. */
    static final double SMALL_MM = 10;

    static final double LARGE_MM = 30;

    /** The attributes in the order reports list them. */
    static final List<String> ATTRIBUTES = List.of(
            "matrix",
            "slice thickness",
            "kernel",
            "lesion size",
            "style",
            "gantry tilt",
            "motion",
            "pixel storage",
            "look-alike");

    /** One subgroup a study belongs to. */
    record Group(String attribute, String value) {}

    StudyAttributes {
        listed = Map.copyOf(listed);
    }

    /**
     * The subgroups of the study, by attribute in report order; attributes the study does not carry are left out. A
     * study is in one value of each attribute, except look-alikes: one subgroup per look-alike it holds.
     */
    List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        if (rows > 0 && columns > 0) {
            groups.add(new Group("matrix", rows + "×" + columns));
        }
        if (Double.isFinite(sliceThicknessMm) && sliceThicknessMm > 0) {
            groups.add(new Group("slice thickness", String.format(Locale.ROOT, "%.1f mm", sliceThicknessMm)));
        }
        if (kernel != null && !kernel.isBlank()) {
            groups.add(new Group("kernel", kernel.strip()));
        }
        if (Double.isFinite(lesionSizeMm)) {
            groups.add(new Group("lesion size", lesionSize(lesionSizeMm)));
        }
        listedGroups(groups);
        return groups;
    }

    /** The studies.csv columns phantoms write (README, "phantoms"), in words. */
    private void listedGroups(List<Group> groups) {
        String style = listed.get("style");
        if (style != null) {
            groups.add(new Group("style", style));
        }
        String tilt = listed.get("tilt_deg");
        if (tilt != null) {
            groups.add(new Group("gantry tilt", isZero(tilt) ? "none" : "tilted"));
        }
        String motion = listed.get("motion");
        if (motion != null) {
            groups.add(new Group("motion", isZero(motion) ? "still" : "moved"));
        }
        String storage = listed.get("storage");
        if (storage != null) {
            groups.add(new Group("pixel storage", storage));
        }
        String mimics = listed.get("mimics");
        if (mimics != null) {
            for (String mimic : mimics.split(";")) {
                if (!mimic.isBlank()) {
                    groups.add(new Group("look-alike", mimic.strip()));
                }
            }
        }
    }

    private static boolean isZero(String number) {
        try {
            return Double.parseDouble(number) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
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
