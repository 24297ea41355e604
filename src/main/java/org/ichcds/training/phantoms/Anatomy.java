package org.ichcds.training.phantoms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tissue densities (HU) and internal structures of one head. Densities are drawn inside the ranges a radiologist
 * expects on non-contrast CT: CSF 0-15, white matter 20-30, grey matter 35-45, bone 700-2000, calcification
 * 100-400, fat about -100, air -1000.
 */
final class Anatomy {

    static final double AIR = -1000;

    final Head head;
    final double white;
    final double grey;
    final double csf;
    final double table;
    final double diploe;
    final double soft;
    final double fat;
    final double venousSinus;
    final double falxCalcification;
    /** Density of the falx above white matter, HU. */
    final double falxExcess;
    /** The held-out style's folding pattern (see {@link BrainPainter}). */
    final boolean cellularFolding;
    /**
     * The alternate style's folding: centres (mm, head coordinates) around which the sulci run in rings; null in the
     * other styles (see {@link BrainPainter}).
     */
    final double[][] ringCentres;

    final double sulcusWavenumber;
    final double[] sulcusPhase = new double[3];
    final double sulcusDepth;
    final double ventricleScale;
    /** Lateral ventricles, right (index 0, x < 0) and left (index 1). */
    final Shape[] lateralVentricles = new Shape[2];

    final List<Structure> structures = new ArrayList<>();
    final List<Structure> extracranial = new ArrayList<>();

    Anatomy(Head head, SplittableRandom r, Mimics mimics, double[] ventricleCompression) {
        this(head, r, mimics, ventricleCompression, PhantomStyle.CLASSIC);
    }

    /**
     * The randomised styles draw every density over a wider range that stays plausible (white matter 18-32, grey
     * matter 4-16 HU above it, CSF -2-18, bone 500-2000) and the sulci and ventricles from wider ranges; the
     * classic style keeps its draws and their order.
     */
    Anatomy(Head head, SplittableRandom r, Mimics mimics, double[] ventricleCompression, PhantomStyle style) {
        this.head = head;
        boolean classic = style == PhantomStyle.CLASSIC;
        white = classic ? 21 + 7 * r.nextDouble() : 18 + 14 * r.nextDouble();
        grey = classic
                ? Head.clamp(white + 10 + 5 * r.nextDouble(), 35, 45)
                : Head.clamp(white + 4 + 12 * r.nextDouble(), 28, 48);
        csf = classic ? 2 + 10 * r.nextDouble() : -2 + 20 * r.nextDouble();
        table = classic ? 1500 + 400 * r.nextDouble() : 1100 + 900 * r.nextDouble();
        diploe = classic ? 720 + 180 * r.nextDouble() : 500 + 500 * r.nextDouble();
        soft = classic ? 30 + 20 * r.nextDouble() : 20 + 40 * r.nextDouble();
        fat = classic ? -110 + 30 * r.nextDouble() : -130 + 60 * r.nextDouble();
        venousSinus = sinus(classic, mimics, r);
        falxCalcification = mimics.falxCalcification() ? 150 + 200 * r.nextDouble() : Double.NaN;
        sulcusWavenumber = 2 * Math.PI / (classic ? 20 + 8 * r.nextDouble() : 14 + 16 * r.nextDouble());
        for (int i = 0; i < 3; i++) {
            sulcusPhase[i] = 2 * Math.PI * r.nextDouble();
        }
        sulcusDepth = classic ? 8 + 6 * r.nextDouble() : 5 + 12 * r.nextDouble();
        ventricleScale = classic
                ? 0.75 + 0.8 * head.atrophy + 0.15 * r.nextDouble()
                : 0.6 + 0.9 * head.atrophy + 0.4 * r.nextDouble();
        falxExcess = classic ? 22 : (mimics.postContrast() ? 60 : 12 + 30 * r.nextDouble());
        cellularFolding = style == PhantomStyle.HELDOUT;
        ringCentres = style == PhantomStyle.ALTERNATE ? StyleStructures.ringCentres(head, r) : null;
        addDeepGrey();
        if (cellularFolding) {
            StyleStructures.ellipsoidVentricles(this, ventricleCompression);
        } else if (style == PhantomStyle.ALTERNATE) {
            addVentricles(StyleStructures.unequalVentricles(ventricleCompression, r));
        } else {
            addVentricles(ventricleCompression);
        }
        addCisterns();
        addCalcifications(r, mimics);
        if (mimics.hyperdenseVessel() || mimics.postContrast()) {
            StyleStructures.middleCerebralArteries(this, r, mimics);
        }
        addSkullBase();
    }

    /** Venous sinus density: flowing blood 35-55 HU, hyperdense (dehydration, high haematocrit) or enhancing. */
    private static double sinus(boolean classic, Mimics mimics, SplittableRandom r) {
        if (classic) {
            return mimics.hyperdenseSinus() ? 64 + 10 * r.nextDouble() : 42 + 10 * r.nextDouble();
        }
        if (mimics.postContrast()) {
            return 110 + 120 * r.nextDouble();
        }
        return mimics.hyperdenseSinus() ? 60 + 20 * r.nextDouble() : 35 + 20 * r.nextDouble();
    }

    double sx(double v) {
        return v * head.halfWidth / 66;
    }

    double sy(double v) {
        return v * head.frontLength / 82;
    }

    double sz(double v) {
        return v * head.height / 73;
    }

    Shape ellipsoid(double x, double y, double z, double rx, double ry, double rz) {
        return Shape.ellipsoid(sx(x), sy(y), sz(z), sx(rx), sy(ry), sz(rz));
    }

    private void addDeepGrey() {
        for (int s = -1; s <= 1; s += 2) {
            structures.add(new Structure(Structure.Role.TISSUE, ellipsoid(s * 11, -20, 9, 4.5, 8, 8), grey - 1));
            structures.add(new Structure(Structure.Role.TISSUE, ellipsoid(s * 23, -4, 1, 6, 13, 9), grey - 2));
            structures.add(new Structure(Structure.Role.TISSUE, ellipsoid(s * 10, 10, 4, 8, 11, 8), grey - 2));
        }
        structures.add(new Structure(Structure.Role.TISSUE, ellipsoid(0, 6, -20, 11, 10, 9), white + 5));
        structures.add(new Structure(Structure.Role.TISSUE, ellipsoid(0, 14, -40, 13, 11, 13), white + 4));
    }

    private void addVentricles(double[] compression) {
        double v = ventricleScale;
        for (int side = 0; side < 2; side++) {
            int s = side == 0 ? -1 : 1;
            double c = v * compression[side];
            double[] body = {
                sx(s * (2.5 + 2.2 * v)), sy(-28), sz(10), sx(s * (4 + 2.5 * v)), sy(-5), sz(16),
                sx(s * (10 + 3 * v)), sy(20), sz(12), sx(s * (13 + 3 * v)), sy(36), sz(2)
            };
            lateralVentricles[side] = Shape.tube(body, new double[] {3 * c, 3.4 * c, 5 * c, 2.5 * c}, 1.3);
            structures.add(new Structure(Structure.Role.VENTRICLE, lateralVentricles[side], csf));
            double[] temporal = {
                sx(s * (12 + 3 * v)), sy(22), sz(8), sx(s * 26), sy(5), sz(-12), sx(s * 27), sy(-12), sz(-20)
            };
            structures.add(new Structure(
                    Structure.Role.VENTRICLE, Shape.tube(temporal, new double[] {2 * c, 1.3 * c, 1 * c}, 1), csf));
        }
        double[] third = {0, sy(-8), sz(-4), 0, sy(12), sz(4)};
        structures.add(new Structure(
                Structure.Role.VENTRICLE, Shape.tube(third, new double[] {5 * v, 5 * v}, 3.5 / v), csf));
        structures.add(new Structure(Structure.Role.VENTRICLE, ellipsoid(0, 30, -40, 5 * v, 3 * v, 6), csf));
    }

    private void addCisterns() {
        double a = 1 + 1.5 * head.atrophy;
        structures.add(new Structure(Structure.Role.CISTERN, ellipsoid(0, -11, -22, 5 * a, 4 * a, 4), csf));
        structures.add(
                new Structure(Structure.Role.CISTERN, Shape.shell(ellipsoid(0, 6, -20, 11, 10, 9), 0, a * 2.5), csf));
        structures.add(
                new Structure(Structure.Role.CISTERN, Shape.shell(ellipsoid(0, 14, -40, 13, 11, 13), 0, a * 2), csf));
        structures.add(new Structure(Structure.Role.CISTERN, ellipsoid(0, 21, -16, 6 * a, 5, 5), csf));
        for (int s = -1; s <= 1; s += 2) {
            double[] sylvian = {sx(s * 30), sy(-10), sz(-12), sx(s * 52), sy(-2), sz(-6), sx(s * 64), sy(6), sz(0)};
            double w = 1 + 1.3 * head.atrophy;
            structures.add(new Structure(
                    Structure.Role.CISTERN, Shape.tube(sylvian, new double[] {w * 1.4, w * 1.2, w}, 1), csf));
        }
    }

    private void addCalcifications(SplittableRandom r, Mimics m) {
        if (m.pineal()) {
            double rad = 2 + 2 * r.nextDouble();
            structures.add(new Structure(
                    Structure.Role.CALCIFICATION, ellipsoid(0, 18, 2, rad, rad, rad), 150 + 250 * r.nextDouble()));
        }
        for (int s = -1; s <= 1; s += 2) {
            if (m.choroidPlexus()) {
                double rad = 1.8 + 1.5 * r.nextDouble();
                structures.add(new Structure(
                        Structure.Role.CALCIFICATION,
                        ellipsoid(s * (10 + 3 * ventricleScale), 20, 12, rad, rad * 1.4, rad),
                        110 + 250 * r.nextDouble()));
            }
            if (m.basalGanglia()) {
                structures.add(new Structure(
                        Structure.Role.CALCIFICATION, ellipsoid(s * 21, -6, 2, 2.5, 4, 3), 100 + 150 * r.nextDouble()));
            }
        }
    }

    private void addSkullBase() {
        for (int s = -1; s <= 1; s += 2) {
            extracranial.add(new Structure(Structure.Role.EXTRACRANIAL, ellipsoid(s * 30, -64, -34, 17, 18, 14), fat));
            extracranial.add(new Structure(Structure.Role.EXTRACRANIAL, ellipsoid(s * 31, -70, -34, 12, 12, 12), 12));
            extracranial.add(new Structure(Structure.Role.EXTRACRANIAL, ellipsoid(s * 31, -81, -34, 4.5, 2, 4.5), 95));
            extracranial.add(new Structure(Structure.Role.AIR_CELLS, ellipsoid(s * 52, 14, -46, 9, 11, 10), AIR));
        }
        extracranial.add(new Structure(Structure.Role.AIR_CELLS, ellipsoid(0, -62, -30, 10, 16, 12), AIR));
        extracranial.add(new Structure(Structure.Role.EXTRACRANIAL, ellipsoid(0, -30, -44, 12, 9, 9), AIR));
    }
}
