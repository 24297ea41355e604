package org.ichcds.training.phantoms;

import java.util.List;
import java.util.Locale;

/**
 * The columns of {@code studies.csv} after the labels: what a study was drawn with, for evaluation to group results
 * by (style, grid, kernel, tilt, storage, motion, lesion volume, look-alikes).
 */
final class StudyAttributes {

    private StudyAttributes() {}

    /** The per-study acquisition columns of studies.csv, after the labels. */
    static final List<String> COLUMNS = List.of(
            "style",
            "matrix",
            "pixel_spacing_mm",
            "slice_thickness_mm",
            "slice_spacing_mm",
            "kernel",
            "tilt_deg",
            "storage",
            "padding_hu",
            "motion",
            "lesion_volume_ml",
            "mimics");

    /** The values of {@link #COLUMNS} for one study. */
    static List<String> of(PhantomStudy study) {
        ScanGeometry g = study.geometry;
        List<String> mimics = study.scene.mimics().names();
        return List.of(
                study.style().code(),
                Integer.toString(g.matrix()),
                PhantomDicomWriter.decimal(g.pixelSpacing()),
                PhantomDicomWriter.decimal(g.thickness()),
                PhantomDicomWriter.decimal(g.sliceSpacing()),
                study.acquisition.kernel(),
                PhantomDicomWriter.decimal(g.tiltDegrees()),
                study.acquisition.storage().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                Double.isNaN(study.acquisition.paddingHu())
                        ? "none"
                        : Long.toString(Math.round(study.acquisition.paddingHu())),
                study.scene.motion().moved() ? "1" : "0",
                String.format(Locale.ROOT, "%.2f", study.lesionVolumeMl()),
                mimics.isEmpty() ? "none" : String.join(";", mimics));
    }
}
