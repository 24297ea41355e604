package org.ichcds.training.phantoms;

import java.util.List;

/**
 * Density of one intracranial point: cortex and white matter with CSF in the subarachnoid space and the sulci,
 * interhemispheric fissure and falx, venous sinuses, deep structures, ventricles and cisterns (shifted by mass
 * effect), calcifications, then the hemorrhages, whose pixels it marks in the lesion masks.
 */
final class BrainPainter {

    private final Head head;
    private final Anatomy a;
    private final List<Lesion> lesions;
    private final double midlineShift;
    private final double pixel;
    private final double falxHu;
    private final LesionTexture texture;
    final ActiveBoxes structureBoxes;
    final ActiveBoxes lesionBoxes;
    /** Per lesion, the mask of the slice being painted. */
    boolean[][] masks;

    private final int[] active;
    private int activeCount;

    BrainPainter(
            Head head,
            Anatomy anatomy,
            List<Lesion> lesions,
            double midlineShift,
            double pixel,
            LesionTexture texture) {
        this.head = head;
        this.a = anatomy;
        this.lesions = lesions;
        this.midlineShift = midlineShift;
        this.pixel = pixel;
        this.falxHu = anatomy.white + anatomy.falxExcess;
        this.texture = texture;
        structureBoxes = new ActiveBoxes(anatomy.structures.size());
        lesionBoxes = new ActiveBoxes(lesions.size());
        active = new int[anatomy.structures.size()];
    }

    double paint(int col, int row, double hx, double hy, double hz, double py, double dCav, int index) {
        double ext = 0;
        int extLesion = -1;
        for (int k = 0; k < lesions.size(); k++) {
            if (lesions.get(k) instanceof Lesion.ExtraAxial e && lesionBoxes.contains(k, col, row)) {
                double t = e.thickness(hx, hy, hz);
                if (t > ext) {
                    ext = t;
                    extLesion = k;
                }
            }
        }
        // a collection lies under the vault: measured from the ellipsoid, it cannot run along the skull-base floors
        double dLesion = ext > 0 ? head.ellipsoid(hx, hy, hz) + ext : -Double.MAX_VALUE;
        double dBrain = Math.max(dCav, dLesion);
        // below the tentorium, behind the petrous ridges (a V opening backwards)
        boolean posteriorFossa = hz < -0.33 * head.height && hy > head.posteriorFossaFront(hx) + 8;
        double v = parenchyma(col, row, hx, hy, hz, -dBrain, dLesion > -3, posteriorFossa, index);
        double xw = hx - midlineShift * shiftWeight(hx, hy, hz);
        if (!posteriorFossa && hz > -0.3 * head.height) {
            v = midline(col, row, xw, hx, hy, hz, dCav, v, index);
        }
        v = structures(col, row, xw, hy, hz, py, v, index);
        v = parenchymalHematomas(col, row, hx, hy, hz, v, index);
        if (extLesion >= 0) {
            Lesion.ExtraAxial e = (Lesion.ExtraAxial) lesions.get(extLesion);
            double w = Head.clamp(0.5 + dLesion / pixel, 0, 1);
            double blood = texture == null ? e.huAt(py) : e.huAt(py) + texture.at(hx, hy, hz);
            v += w * (blood - v);
            if (dLesion >= 0 && dCav < 0) {
                masks[extLesion][index] = true;
            }
        }
        return v;
    }

    private double parenchyma(
            int col, int row, double x, double y, double z, double depth, boolean covered, boolean fossa, int index) {
        double csfLayer = covered ? 0.2 : 0.8 + 2.2 * head.atrophy;
        double tissue = fossa ? a.grey - 3 : (depth < csfLayer + 3 ? a.grey : a.white);
        double sulcus = 0;
        double maxDepth = a.sulcusDepth * (fossa ? 0.7 : 1);
        if (depth < maxDepth + 3) {
            double k = a.sulcusWavenumber * (fossa ? 2.2 : 1);
            double s = a.cellularFolding
                    ? cellularFolding(k, x, y, z)
                    : a.ringCentres != null
                            ? ringFolding(k, x, y, z)
                            : Sine.of(k * x + a.sulcusPhase[0] + 2 * Sine.of(0.4 * k * y))
                                    + Sine.of(k * y + a.sulcusPhase[1] + 2 * Sine.of(0.4 * k * z))
                                    + Sine.of(k * z + a.sulcusPhase[2] + 2 * Sine.of(0.4 * k * x));
            double distance = Math.abs(s) / (1.7 * k);
            double half = (fossa ? 0.35 : 0.55 + 1.3 * head.atrophy) * Math.max(0, 1 - depth / maxDepth);
            if (!fossa && distance < half + 2.5 && depth < maxDepth + 2.5) {
                tissue = a.grey;
            }
            if (half > 0) {
                sulcus = Head.clamp(0.5 - (distance - half) / pixel, 0, 1);
            }
        }
        double csf = Math.max(sulcus, Head.clamp(0.5 - (depth - csfLayer) / pixel, 0, 1));
        return csf == 0 ? tissue : tissue + csf * (subarachnoidFluid(col, row, x, y, z, csf, index) - tissue);
    }

    /**
     * The held-out style's folding: products of sines along diagonal axes, whose zero set is a lattice of short,
     * crossing sulci instead of the long meandering ones of the other styles.
     */
    private double cellularFolding(double k, double x, double y, double z) {
        return 1.5 * Sine.of(k * (x + y) * 0.7 + a.sulcusPhase[0]) * Sine.of(k * (y - z) * 0.7 + a.sulcusPhase[1])
                + 0.5 * Sine.of(k * (z + x) * 0.7 + a.sulcusPhase[2]);
    }

    /**
     * The alternate style's folding: sines of the distance to a few centres, whose zero set is a set of concentric,
     * crossing rings, neither the long meandering sulci of the randomised style nor the held-out style's lattice.
     */
    private double ringFolding(double k, double x, double y, double z) {
        double sum = 0;
        for (int i = 0; i < a.ringCentres.length; i++) {
            double[] c = a.ringCentres[i];
            double dx = x - c[0];
            double dy = y - c[1];
            double dz = z - c[2];
            sum += Sine.of(k * Math.sqrt(dx * dx + dy * dy + dz * dz) + a.sulcusPhase[i]);
        }
        return sum;
    }

    /** CSF, or blood where a subarachnoid hemorrhage fills this CSF space. */
    private double subarachnoidFluid(int col, int row, double x, double y, double z, double coverage, int index) {
        for (int k = 0; k < lesions.size(); k++) {
            if (lesions.get(k) instanceof Lesion.Subarachnoid s
                    && lesionBoxes.contains(k, col, row)
                    && s.contains(x, y, z)) {
                if (coverage >= 0.5) {
                    masks[k][index] = true;
                }
                return s.hu();
            }
        }
        return a.csf;
    }

    private double midline(
            int col, int row, double xw, double hx, double hy, double hz, double dCav, double v, int index) {
        double len = hy < 0 ? head.frontLength : head.backLength;
        double ax = Math.abs(xw);
        if (hz > 0.3 * head.height || Math.abs(hy) > 0.35 * len) {
            double fissure = 0.8 + 2 * head.atrophy;
            double wf = Head.clamp(0.5 - (ax - fissure) / pixel, 0, 1);
            if (wf > 0) {
                v += wf * (subarachnoidFluid(col, row, xw, hy, hz, wf, index) - v);
                v += 0.7 * Head.clamp(0.5 - (ax - 0.35) / pixel, 0, 1) * (falxHu - v);
                if (!Double.isNaN(a.falxCalcification) && ax < 1.6 && Math.sin(0.21 * hy) * Math.sin(0.17 * hz) > 0.8) {
                    v = a.falxCalcification;
                }
            }
        }
        // superior sagittal sinus: a triangle against the inner table in the midline
        double sinus = (dCav + 7) * 0.45;
        if (dCav > -7 && Math.abs(hx) < sinus + pixel && hz > -0.1 * head.height) {
            v += Head.clamp(0.5 - (Math.abs(hx) - sinus) / pixel, 0, 1) * (a.venousSinus - v);
        }
        return v;
    }

    /** Called at the start of each row: lists the structures whose box spans it. */
    void startRow(int row) {
        activeCount = 0;
        for (int k = 0; k < a.structures.size(); k++) {
            if (structureBoxes.active(k, row)) {
                active[activeCount++] = k;
            }
        }
    }

    private double structures(int col, int row, double xw, double hy, double hz, double py, double v, int index) {
        List<Structure> list = a.structures;
        for (int i = 0; i < activeCount; i++) {
            int k = active[i];
            if (col < structureBoxes.x0[k] || col > structureBoxes.x1[k]) {
                continue;
            }
            Structure s = list.get(k);
            double d = s.shape().distance(xw, hy, hz);
            if (d > pixel) {
                continue;
            }
            double w = Head.clamp(0.5 - d / pixel, 0, 1);
            double hu = switch (s.role()) {
                case CISTERN -> subarachnoidFluid(col, row, xw, hy, hz, w, index);
                case VENTRICLE -> ventricularFluid(col, row, s.shape(), d, py, index);
                default -> s.hu();
            };
            v += w * (hu - v);
        }
        return v;
    }

    private double ventricularFluid(int col, int row, Shape ventricle, double d, double py, int index) {
        for (int k = 0; k < lesions.size(); k++) {
            if (lesions.get(k) instanceof Lesion.Ventricular ivh
                    && a.lateralVentricles[ivh.side()] == ventricle
                    && lesionBoxes.contains(k, col, row)) {
                double inside = Math.max(d, ivh.levelY() - py);
                if (inside <= 0) {
                    masks[k][index] = true;
                }
                double w = Head.clamp(0.5 - (ivh.levelY() - py) / pixel, 0, 1);
                return a.csf + w * (ivh.hu() - a.csf);
            }
        }
        return a.csf;
    }

    private double parenchymalHematomas(int col, int row, double hx, double hy, double hz, double v, int index) {
        for (int k = 0; k < lesions.size(); k++) {
            if (lesions.get(k) instanceof Lesion.Parenchymal p && lesionBoxes.contains(k, col, row)) {
                double d = p.core().distance(hx, hy, hz);
                if (d < p.rim() + pixel) {
                    v += Head.clamp(0.5 - (d - p.rim()) / pixel, 0, 1) * (p.edemaHu() - v);
                    double blood = texture == null ? p.hu() : p.hu() + texture.at(hx, hy, hz);
                    v += Head.clamp(0.5 - d / pixel, 0, 1) * (blood - v);
                    if (d <= 0) {
                        masks[k][index] = true;
                    }
                }
            }
        }
        return v;
    }

    /** How much of the midline shift applies at a point: most at the centre, none at the skull. */
    private double shiftWeight(double x, double y, double z) {
        if (midlineShift == 0) {
            return 0;
        }
        double fx = 1 - (x * x) / (0.8 * head.halfWidth * 0.8 * head.halfWidth);
        if (fx <= 0) {
            return 0;
        }
        return fx * Math.exp(-(y * y) / (2 * 45 * 45) - (z - 10) * (z - 10) / (2 * 35 * 35));
    }
}
