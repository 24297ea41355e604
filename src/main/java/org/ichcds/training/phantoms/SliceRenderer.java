package org.ichcds.training.phantoms;

import java.util.List;

/**
 * Renders noise-free HU slices of one head: air, scalp, the three layers of the skull (outer table, diploe, inner
 * table), the skull base and face below the cranial floors, and the cranial contents (delegated to
 * {@link BrainPainter}). Every boundary is blended over one pixel, which gives the partial-volume edges of a real
 * reconstruction.
 */
final class SliceRenderer {

    private static final double INNER_TABLE = 1.6;
    private static final double OUTER_TABLE = 1.8;
    private static final double SKULL_BASE_HU = 950;

    private final Head head;
    private final Anatomy anatomy;
    private final Motion motion;
    private final ScanGeometry g;
    private final List<Lesion> lesions;
    private final BrainPainter brain;
    private final ActiveBoxes extracranialBoxes;
    private final double shiftMargin;
    private final double[] h = new double[3];

    SliceRenderer(Head head, Anatomy anatomy, Pose pose, ScanGeometry g, List<Lesion> lesions, double midlineShift) {
        this(head, anatomy, Motion.still(pose, g.slices()), g, lesions, midlineShift, null);
    }

    /** A renderer whose head may move between slices, with an optional texture inside the hemorrhages. */
    SliceRenderer(
            Head head,
            Anatomy anatomy,
            Motion motion,
            ScanGeometry g,
            List<Lesion> lesions,
            double midlineShift,
            LesionTexture texture) {
        this.head = head;
        this.anatomy = anatomy;
        this.motion = motion;
        this.g = g;
        this.lesions = lesions;
        this.brain = new BrainPainter(head, anatomy, lesions, midlineShift, g.pixelSpacing(), texture);
        this.extracranialBoxes = new ActiveBoxes(anatomy.extracranial.size());
        this.shiftMargin = Math.abs(midlineShift);
    }

    /** Fills {@code hu}, {@code intracranial} and one mask per lesion for slice {@code s}. */
    void render(int s, float[] hu, boolean[] intracranial, boolean[][] lesionMasks) {
        Pose pose = motion.at(s);
        double z = g.sliceZ()[s];
        for (int k = 0; k < anatomy.structures.size(); k++) {
            brain.structureBoxes.set(k, anatomy.structures.get(k).shape().bounds(), shiftMargin, pose, g, z);
        }
        for (int k = 0; k < lesions.size(); k++) {
            brain.lesionBoxes.set(k, lesions.get(k).bounds(), shiftMargin, pose, g, z);
        }
        for (int k = 0; k < anatomy.extracranial.size(); k++) {
            extracranialBoxes.set(k, anatomy.extracranial.get(k).shape().bounds(), 0, pose, g, z);
        }
        brain.masks = lesionMasks;
        int n = g.matrix();
        double ps = g.pixelSpacing();
        double stepX = pose.m[0] * ps;
        double stepY = pose.m[1] * ps;
        double stepZ = pose.m[2] * ps;
        boolean tilted = g.tilted();
        double cos = g.cos();
        double sin = g.sin();
        for (int row = 0; row < n; row++) {
            double py = g.firstY() + row * ps;
            double pz = z;
            if (tilted) {
                // the column direction is (0, cos t, sin t): a tilted row lies higher or lower than the table position
                pz = z + py * sin;
                py = py * cos;
            }
            pose.toHead(g.firstX(), py, pz, h);
            brain.startRow(row);
            double hx = h[0];
            double hy = h[1];
            double hz = h[2];
            for (int col = 0; col < n; col++, hx += stepX, hy += stepY, hz += stepZ) {
                int index = row * n + col;
                double dEnv = head.envelope(hx, hy, hz);
                if (dEnv > ps) {
                    hu[index] = (float) Anatomy.AIR;
                    continue;
                }
                double dCav = head.cavity(hx, hy, hz);
                double inside = Head.clamp(0.5 - dCav / ps, 0, 1);
                double v = 0;
                if (inside < 1) {
                    v += (1 - inside) * outside(col, row, hx, hy, hz, dCav, dEnv);
                }
                if (inside > 0) {
                    v += inside * brain.paint(col, row, hx, hy, hz, py, dCav, index);
                }
                hu[index] = (float) v;
                intracranial[index] = dCav < 0;
            }
        }
    }

    private double outside(int col, int row, double x, double y, double z, double dCav, double dEnv) {
        double ps = g.pixelSpacing();
        double dEll = head.ellipsoid(x, y, z);
        // the floors of the cranial fossae (orbital roofs, sphenoid wings) are thinner than the vault
        double t = dCav > dEll + 0.01 ? 0.5 * head.skullThickness : head.skullThickness;
        double bone = Math.max(0, dCav);
        double tableWeight =
                Math.max(Head.clamp(1 - (bone - INNER_TABLE), 0, 1), Head.clamp(1 - (t - OUTER_TABLE - bone), 0, 1));
        double boneHu = anatomy.diploe + tableWeight * (anatomy.table - anatomy.diploe);
        double wBone = Head.clamp(0.5 - (dCav - t) / ps, 0, 1);
        if (wBone >= 1) {
            return boneHu;
        }
        double beyond;
        if (z > head.anteriorFloor || dEll > t) {
            beyond = scalp(-dEnv, x);
        } else {
            beyond = skullBase(x, y) ? SKULL_BASE_HU : anatomy.soft;
        }
        beyond = extracranial(col, row, x, y, z, beyond);
        double skin = Head.clamp(0.5 - dEnv / ps, 0, 1);
        beyond = Anatomy.AIR + skin * (beyond - Anatomy.AIR);
        return wBone * boneHu + (1 - wBone) * beyond;
    }

    /** Petrous ridges in front of the posterior fossa and the clivus in the midline. */
    private boolean skullBase(double x, double y) {
        double front = head.posteriorFossaFront(x);
        if (Math.abs(x) < 9) {
            return y < front && y > front - 22;
        }
        return y < front && y > front - 11 && Math.abs(x) < 0.85 * head.halfWidth;
    }

    private double scalp(double depth, double x) {
        double fatEnd = 0.6 * head.scalpThickness;
        boolean temporalis = Math.abs(x) > 0.75 * head.halfWidth;
        if (depth > 1.2 && depth < fatEnd && !temporalis) {
            return anatomy.fat;
        }
        return anatomy.soft;
    }

    private double extracranial(int col, int row, double x, double y, double z, double v) {
        List<Structure> list = anatomy.extracranial;
        for (int k = 0; k < list.size(); k++) {
            if (!extracranialBoxes.contains(k, col, row)) {
                continue;
            }
            Structure s = list.get(k);
            double d = s.shape().distance(x, y, z);
            if (d < g.pixelSpacing()) {
                double hu = s.hu();
                if (s.role() == Structure.Role.AIR_CELLS
                        && (Math.abs(Math.sin(0.7 * x)) < 0.2 || Math.abs(Math.sin(0.7 * y)) < 0.2)) {
                    hu = 350;
                }
                v += Head.clamp(0.5 - d / g.pixelSpacing(), 0, 1) * (hu - v);
            }
        }
        return v;
    }
}
