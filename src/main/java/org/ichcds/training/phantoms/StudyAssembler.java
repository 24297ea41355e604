package org.ichcds.training.phantoms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ichcds.dicom.CtVolume;

/** Renders the slices of one study and turns the lesion masks into boxes and labels. */
final class StudyAssembler {

    private final PhantomSettings settings;
    private final Uids uids;
    private final StudyPlan plan;
    private final ScanGeometry g;
    private final Acquisition acquisition;

    StudyAssembler(PhantomSettings settings, Uids uids, StudyPlan plan, ScanGeometry g, Acquisition acquisition) {
        this.settings = settings;
        this.uids = uids;
        this.plan = plan;
        this.g = g;
        this.acquisition = acquisition;
    }

    PhantomStudy assemble(
            SliceRenderer renderer, List<Lesion> lesions, Head head, Mimics mimics, Motion motion, int attempt) {
        int n = g.matrix();
        int minPixels = (int) Math.ceil(PhantomGenerator.MIN_LESION_AREA_MM2 / (g.pixelSpacing() * g.pixelSpacing()));
        List<CtVolume.CtSlice> slices = new ArrayList<>();
        List<short[]> stored = new ArrayList<>();
        List<boolean[]> intracranial = new ArrayList<>();
        List<List<PhantomStudy.LesionSlice>> perLesion = new ArrayList<>();
        lesions.forEach(l -> perLesion.add(new ArrayList<>()));
        List<PhantomStudy.SliceTruth> truths = new ArrayList<>();
        float[] hu = new float[n * n];
        for (int s = 0; s < g.slices(); s++) {
            boolean[] mask = new boolean[n * n];
            boolean[][] lesionMasks = new boolean[lesions.size()][n * n];
            renderer.render(s, hu, mask, lesionMasks);
            // a hemorrhage is intracranial by definition: partial-volume pixels whose centre lies in the bone are not
            for (boolean[] lesionMask : lesionMasks) {
                for (int i = 0; i < lesionMask.length; i++) {
                    lesionMask[i] &= mask[i];
                }
            }
            SplittableRandom noise = new SplittableRandom(uids.streamSeed(plan.index(), noiseStream(attempt), s));
            Pose pose = motion.at(s);
            acquisition.degrade(
                    hu,
                    n,
                    g.pixelSpacing(),
                    skullBase(head, pose, s),
                    apices(head, pose, s),
                    motion.movesDuring(s),
                    noise);
            short[] raw = new short[n * n];
            short[] clamped = new short[n * n];
            // wrapped 12-bit pixels cannot hold less than -1000 HU: the truth is what the file can say
            int lowest = acquisition.storage() == Acquisition.Storage.WRAPPED_12
                    ? Acquisition.Storage.WRAPPED_LOWEST_HU
                    : Short.MIN_VALUE;
            for (int i = 0; i < hu.length; i++) {
                raw[i] = (short) Math.max(lowest, Math.min(Short.MAX_VALUE, Math.round(hu[i])));
                clamped[i] = (short) Math.max(CtVolume.MIN_HU, Math.min(CtVolume.MAX_HU, raw[i]));
            }
            String sop = identifier(uids.uid(plan.index(), "sop", s));
            double[] position = g.position(s);
            slices.add(new CtVolume.CtSlice(sop, s + 1, position, clamped));
            stored.add(raw);
            intracranial.add(mask);
            boolean[] labels = new boolean[Subtype.LABELS.size()];
            for (int k = 0; k < lesions.size(); k++) {
                PhantomStudy.LesionSlice box = box(s, lesionMasks[k], n, minPixels);
                if (box != null) {
                    perLesion.get(k).add(box);
                    labels[0] = true;
                    for (int label : lesions.get(k).subtype().labelIndices()) {
                        labels[label] = true;
                    }
                }
            }
            truths.add(new PhantomStudy.SliceTruth(rsna() ? sop : Uids.imageId(sop), sop, labels));
        }
        List<PhantomStudy.LesionTruth> lesionTruths = new ArrayList<>();
        for (int k = 0; k < lesions.size(); k++) {
            lesionTruths.add(new PhantomStudy.LesionTruth(lesions.get(k).subtype(), List.copyOf(perLesion.get(k))));
        }
        String studyUid = identifier(uids.uid(plan.index(), "study", 0));
        CtVolume volume = new CtVolume(
                studyUid,
                identifier(uids.uid(plan.index(), "series", 0)),
                n,
                n,
                g.pixelSpacing(),
                g.pixelSpacing(),
                g.thickness(),
                g.sliceSpacing(),
                g.orientation(),
                slices);
        return new PhantomStudy(
                plan,
                String.format("PH%d-%05d", settings.seed(), plan.index()),
                uids.uid(plan.index(), "frame", 0),
                volume,
                stored,
                intracranial,
                lesionTruths,
                truths,
                acquisition,
                g,
                new PhantomStudy.Scene(settings.style(), head, motion, List.copyOf(lesions), mimics));
    }

    /** The tight box around a lesion's pixels on a slice, or null when it covers less than the minimum area. */
    static PhantomStudy.LesionSlice box(int slice, boolean[] mask, int n, int minPixels) {
        int x0 = n;
        int y0 = n;
        int x1 = -1;
        int y1 = -1;
        int count = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                int x = i % n;
                int y = i / n;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
                count++;
            }
        }
        if (count < Math.max(1, minPixels)) {
            return null;
        }
        int w = x1 - x0 + 1;
        int h = y1 - y0 + 1;
        boolean[] pixels = new boolean[w * h];
        for (int y = y0; y <= y1; y++) {
            System.arraycopy(mask, y * n + x0, pixels, (y - y0) * w, w);
        }
        return new PhantomStudy.LesionSlice(slice, x0, y0, w, h, pixels);
    }

    private String noiseStream(int attempt) {
        PhantomStyle style = settings.style();
        return style == PhantomStyle.CLASSIC ? "noise/" + attempt : "noise/" + style.code() + "/" + attempt;
    }

    private boolean rsna() {
        return settings.identifiers() == PhantomSettings.Identifiers.RSNA;
    }

    /** The UID itself, or in the RSNA style the image-id form of it ({@code ID_} and 10 hex digits). */
    private String identifier(String uid) {
        return rsna() ? Uids.imageId(uid) : uid;
    }

    /** Strength of skull-base streaks on slice s: 0 above the middle cranial fossa, up to 1 at the lowest slices. */
    private double skullBase(Head head, Pose pose, int s) {
        double[] h = new double[3];
        pose.toHead(pose.tx, pose.ty, g.sliceZ()[s], h);
        return Head.clamp((-0.4 * head.height - h[2]) / (0.2 * head.height), 0, 1);
    }

    /** Pixel positions of the two petrous apices (the origins of the skull-base streaks) on slice s. */
    private double[] apices(Head head, Pose pose, int s) {
        double[] h = new double[3];
        pose.toHead(pose.tx, pose.ty, g.sliceZ()[s], h);
        double[] p = new double[4];
        for (int side = 0; side < 2; side++) {
            double x = (side == 0 ? -1 : 1) * 0.3 * head.halfWidth;
            double y = 0.05 * head.backLength;
            p[2 * side] = (pose.patientX(x, y, h[2]) - g.firstX()) / g.pixelSpacing();
            p[2 * side + 1] = (pose.patientY(x, y, h[2]) - g.firstY()) / g.pixelSpacing();
        }
        return p;
    }
}
