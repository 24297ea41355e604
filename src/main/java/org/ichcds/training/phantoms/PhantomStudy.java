package org.ichcds.training.phantoms;

import java.util.List;
import org.ichcds.dicom.CtVolume;

/**
 * One generated study, with everything its files say plus the truth tests need: the HU volume as a reader would
 * give it, the true intracranial mask, each lesion's pixels per slice, and per-slice labels.
 */
public final class PhantomStudy {

    private final StudyPlan plan;
    private final String patientId;
    private final String frameOfReferenceUid;
    private final CtVolume volume;
    private final List<short[]> storedHu;
    private final List<boolean[]> intracranial;
    private final List<LesionTruth> lesions;
    private final List<SliceTruth> slices;
    final Acquisition acquisition;
    final ScanGeometry geometry;
    final Scene scene;

    /**
     * What was rendered, for the tests that check the truth against it.
     *
     * @param style the style the study was drawn in
     * @param head the head
     * @param motion the head's pose on each slice
     * @param lesions the planned hemorrhages, in head coordinates
     * @param mimics the hemorrhage look-alikes drawn into the study
     */
    record Scene(PhantomStyle style, Head head, Motion motion, List<Lesion> lesions, Mimics mimics) {}

    PhantomStudy(
            StudyPlan plan,
            String patientId,
            String frameOfReferenceUid,
            CtVolume volume,
            List<short[]> storedHu,
            List<boolean[]> intracranial,
            List<LesionTruth> lesions,
            List<SliceTruth> slices,
            Acquisition acquisition,
            ScanGeometry geometry,
            Scene scene) {
        this.plan = plan;
        this.patientId = patientId;
        this.frameOfReferenceUid = frameOfReferenceUid;
        this.volume = volume;
        this.storedHu = storedHu;
        this.intracranial = intracranial;
        this.lesions = lesions;
        this.slices = slices;
        this.acquisition = acquisition;
        this.geometry = geometry;
        this.scene = scene;
    }

    /** The style the study was drawn in. */
    public PhantomStyle style() {
        return scene.style();
    }

    /** Total volume of the hemorrhages' pixels, in mL: pixel area times the spacing between slices. */
    public double lesionVolumeMl() {
        double voxel = geometry.pixelSpacing() * geometry.pixelSpacing() * geometry.sliceSpacing();
        long pixels = 0;
        for (LesionTruth lesion : lesions) {
            for (LesionSlice slice : lesion.slices()) {
                pixels += slice.pixelCount();
            }
        }
        return pixels * voxel / 1000;
    }

    public StudyPlan plan() {
        return plan;
    }

    public String patientId() {
        return patientId;
    }

    String frameOfReferenceUid() {
        return frameOfReferenceUid;
    }

    /** HU clamped to [-1024, 3071], slices feet to head: what the DICOM reader should produce from the files. */
    public CtVolume volume() {
        return volume;
    }

    /** HU before clamping, with the out-of-field padding value where the study has one. */
    List<short[]> storedHu() {
        return storedHu;
    }

    /** Per slice, row-major: true where the pixel centre lies inside the inner table. */
    public List<boolean[]> intracranialMasks() {
        return intracranial;
    }

    public List<LesionTruth> lesions() {
        return lesions;
    }

    List<SliceTruth> slices() {
        return slices;
    }

    /** Study-level truth in {@link Subtype#LABELS} order: a label is set if any slice has it. */
    public boolean[] studyLabels() {
        boolean[] any = new boolean[Subtype.LABELS.size()];
        for (SliceTruth s : slices) {
            for (int i = 0; i < any.length; i++) {
                any[i] |= s.labels()[i];
            }
        }
        return any;
    }

    /**
     * One hemorrhage and the slices it shows on.
     *
     * @param subtype its subtype
     * @param slices its pixels on each slice where it covers at least the minimum area
     */
    public record LesionTruth(Subtype subtype, List<LesionSlice> slices) {}

    /**
     * A lesion's pixels on one slice: the tight box (pixels, top-left origin, BHX convention) and, inside it,
     * row-major flags of the lesion's pixels.
     */
    public record LesionSlice(int slice, int x, int y, int width, int height, boolean[] pixels) {

        int pixelCount() {
            int count = 0;
            for (boolean p : pixels) {
                count += p ? 1 : 0;
            }
            return count;
        }
    }

    /**
     * One slice's identity and labels.
     *
     * @param imageId RSNA-style image id, the file stem
     * @param sopInstanceUid the SOPInstanceUID written in the file
     * @param labels in {@link Subtype#LABELS} order
     */
    public record SliceTruth(String imageId, String sopInstanceUid, boolean[] labels) {}
}
