package org.ichcds.training.phantoms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ichcds.dicom.CtVolume;

/**
 * Generates synthetic non-contrast head CT studies with known hemorrhages. Every random choice of study {@code i}
 * comes from a stream seeded by (seed, i), so a study does not depend on which thread made it or on the others.
 */
public final class PhantomGenerator {

    /** Smallest lesion area on a slice that counts as a finding (and gets a box), in mm². */
    static final double MIN_LESION_AREA_MM2 = 4;

    private static final double[] THICKNESSES = {2.5, 3, 4, 5};

    private final PhantomSettings settings;
    private final Uids uids;

    public PhantomGenerator(PhantomSettings settings) {
        this.settings = settings;
        this.uids = new Uids(settings.seed(), settings.style());
    }

    /**
     * Decides each study's truth and split: exactly round(F·N) positive studies, primary subtypes dealt in shuffled
     * rounds of all six so the mix stays balanced, splits 70/20/10 by study.
     */
    public List<StudyPlan> plan(int studies) {
        if (studies < 1) {
            throw new IllegalArgumentException("number of studies must be at least 1, was " + studies);
        }
        int[] byTruth = permutation(studies, "truth");
        int[] bySplit = permutation(studies, "split");
        int positives = (int) Math.round(settings.positiveFraction() * studies);
        int train = (int) Math.round(0.7 * studies);
        int val = (int) Math.round(0.2 * studies);
        boolean[] positive = new boolean[studies];
        String[] split = new String[studies];
        for (int rank = 0; rank < studies; rank++) {
            positive[byTruth[rank]] = rank < positives;
            split[bySplit[rank]] = rank < train ? "train" : (rank < train + val ? "val" : "test");
        }
        SplittableRandom deal = new SplittableRandom(uids.streamSeed(-1, "subtypes", 0));
        List<Subtype> round = new ArrayList<>();
        List<StudyPlan> plans = new ArrayList<>();
        for (int i = 0; i < studies; i++) {
            Subtype primary = null;
            if (positive[i]) {
                if (round.isEmpty()) {
                    round.addAll(List.of(Subtype.values()));
                    shuffle(round, deal);
                }
                primary = round.remove(round.size() - 1);
            }
            plans.add(new StudyPlan(i, positive[i], primary, split[i]));
        }
        return plans;
    }

    /**
     * Generates one study. A positive study whose lesions all fall below the minimum visible area (rare: a subtle
     * lesion between slices) is drawn again from the next stream, so the planned truth always holds.
     */
    public PhantomStudy generate(StudyPlan plan) {
        for (int attempt = 0; ; attempt++) {
            PhantomStudy study = attempt(plan, attempt);
            if (!plan.positive() || study.studyLabels()[0] || attempt >= 20) {
                return study;
            }
        }
    }

    private PhantomStudy attempt(StudyPlan plan, int attempt) {
        if (settings.style() != PhantomStyle.CLASSIC) {
            return randomisedAttempt(plan, attempt);
        }
        SplittableRandom r = new SplittableRandom(uids.streamSeed(plan.index(), "study", attempt));
        Head head = new Head(r);
        Mimics mimics = Mimics.random(r);
        Acquisition acquisition = Acquisition.random(r, mimics);
        ScanGeometry geometry = geometry(head, r);
        Pose pose = new Pose(r, geometry.sliceZ()[0] - lowestSlice(head, r));
        List<Lesion> lesions = plan.positive() ? new LesionPlanner(head, pose, r).plan(plan.primary()) : List.of();
        MassEffect mass = MassEffect.of(lesions);
        Anatomy anatomy = new Anatomy(head, r, mimics, mass.compression());
        SliceRenderer renderer = new SliceRenderer(head, anatomy, pose, geometry, lesions, mass.shift());
        return new StudyAssembler(settings, uids, plan, geometry, acquisition)
                .assemble(renderer, lesions, head, mimics, Motion.still(pose, geometry.slices()), attempt);
    }

    /**
     * A study of the randomised, held-out or alternate style, from a stream of its own (the classic streams are untouched): the
     * same draws in the same order as the classic study where they exist, then the acquisition, tilt, motion and
     * lesion texture.
     */
    private PhantomStudy randomisedAttempt(StudyPlan plan, int attempt) {
        PhantomStyle style = settings.style();
        Draft d = draft(plan, attempt);
        SplittableRandom r = d.random();
        Pose pose = new Pose(r, d.geometry().sliceZ()[0] - lowestSlice(d.head(), r));
        Motion motion = Motion.draw(pose, d.geometry().slices(), 0.2, r);
        List<Lesion> lesions =
                plan.positive() ? new LesionPlanner(d.head(), pose, r, style).plan(plan.primary()) : List.of();
        MassEffect mass = MassEffect.of(lesions);
        Anatomy anatomy = new Anatomy(d.head(), r, d.mimics(), mass.compression(), style);
        LesionTexture texture = LesionTexture.draw(style, r);
        SliceRenderer renderer =
                new SliceRenderer(d.head(), anatomy, motion, d.geometry(), lesions, mass.shift(), texture);
        return new StudyAssembler(settings, uids, plan, d.geometry(), d.acquisition())
                .assemble(renderer, lesions, d.head(), d.mimics(), motion, attempt);
    }

    /**
     * The first draws of a randomised, held-out or alternate study: head, mimics, scan grid and acquisition, and the stream to
     * draw the rest from. Cheap: tests use it to find studies with a given storage, matrix or tilt.
     */
    Draft draft(StudyPlan plan, int attempt) {
        PhantomStyle style = settings.style();
        SplittableRandom r = new SplittableRandom(uids.streamSeed(plan.index(), "study/" + style.code(), attempt));
        Head head = Head.of(style, r);
        Mimics mimics = Mimics.of(style, r, settings.lookAlikes());
        ScanGeometry geometry = RandomisedGeometry.draw(settings.matrix(), head, r);
        Acquisition acquisition = RandomisedAcquisition.draw(r, mimics, style, geometry.thickness());
        return new Draft(r, head, mimics, geometry, acquisition);
    }

    record Draft(SplittableRandom random, Head head, Mimics mimics, ScanGeometry geometry, Acquisition acquisition) {}

    private ScanGeometry geometry(Head head, SplittableRandom r) {
        int n = settings.matrix();
        double thickness = THICKNESSES[r.nextInt(THICKNESSES.length)];
        double fov = 200 + 50 * r.nextDouble();
        double pixel = fov / n;
        double coverage = head.height + 0.5 * head.skullThickness + 0.68 * head.height;
        int slices = (int) Math.max(24, Math.min(48, Math.round(coverage / thickness)));
        double tableStart = -(100 + 80 * r.nextDouble());
        double[] z = new double[slices];
        for (int s = 0; s < slices; s++) {
            z[s] = tableStart + s * thickness;
        }
        double first = -fov / 2 + pixel / 2;
        return new ScanGeometry(n, pixel, first, first, z, thickness);
    }

    /** Head z of the lowest slice: through the posterior fossa, below the middle cranial fossa. */
    static double lowestSlice(Head head, SplittableRandom r) {
        return -(0.62 + 0.12 * r.nextDouble()) * head.height;
    }

    private int[] permutation(int n, String purpose) {
        SplittableRandom r = new SplittableRandom(uids.streamSeed(-1, purpose, n));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    static CtVolume.CtSlice slice(String sop, int instance, double[] position, short[] hu) {
        return new CtVolume.CtSlice(sop, instance, position, hu);
    }
}
