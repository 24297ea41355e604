package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/** Structures only the randomised, held-out and alternate styles build, added to an {@link Anatomy}. */
final class StyleStructures {

    private StyleStructures() {}

    /**
     * The held-out style's ventricles: each lateral ventricle a union of three ellipsoids (frontal horn, body,
     * occipital horn) and a temporal horn, instead of the tubes of the other styles.
     */
    static void ellipsoidVentricles(Anatomy a, double[] compression) {
        double v = a.ventricleScale;
        for (int side = 0; side < 2; side++) {
            int s = side == 0 ? -1 : 1;
            double c = v * compression[side];
            a.lateralVentricles[side] = Shape.union(
                    a.ellipsoid(s * (4 + 2 * v), -22, 10, 3.5 * c, 9, 5.5 * c),
                    a.ellipsoid(s * (7 + 2.5 * v), 2, 14, 4.5 * c, 16, 4.5 * c),
                    a.ellipsoid(s * (13 + 3 * v), 30, 4, 3 * c, 9, 5 * c));
            a.structures.add(new Structure(Structure.Role.VENTRICLE, a.lateralVentricles[side], a.csf));
            a.structures.add(
                    new Structure(Structure.Role.VENTRICLE, a.ellipsoid(s * 26, -6, -16, 1.6 * c, 9, 2.2 * c), a.csf));
        }
        a.structures.add(new Structure(Structure.Role.VENTRICLE, a.ellipsoid(0, 2, 0, 1.2 * v, 12, 6), a.csf));
        a.structures.add(new Structure(Structure.Role.VENTRICLE, a.ellipsoid(0, 30, -40, 4 * v, 3 * v, 5), a.csf));
    }

    /**
     * The M1 and M2 segments of both middle cerebral arteries: a hyperdense artery (the dense MCA sign of a
     * thrombus, 55-80 HU) on one side, or both enhancing on a post-contrast look.
     */
    static void middleCerebralArteries(Anatomy a, SplittableRandom r, Mimics m) {
        int dense = r.nextBoolean() ? 1 : -1;
        for (int s = -1; s <= 1; s += 2) {
            double hu = m.postContrast() ? 150 + 150 * r.nextDouble() : (s == dense ? 55 + 25 * r.nextDouble() : 0);
            if (hu == 0) {
                continue;
            }
            double[] path = {
                a.sx(s * 6), a.sy(-8), a.sz(-20), a.sx(s * 24), a.sy(-10), a.sz(-16), a.sx(s * 44), a.sy(-4), a.sz(-8)
            };
            double radius = 1.4 + 0.8 * r.nextDouble();
            a.structures.add(new Structure(
                    Structure.Role.TISSUE, Shape.tube(path, new double[] {radius, radius, 0.7 * radius}, 1), hu));
        }
    }

    /**
     * The alternate style's folding centres: three points 25-55 mm from the centre of the cavity, in any direction
     * above the skull base, around which {@link BrainPainter} lays its sulci in rings.
     */
    static double[][] ringCentres(Head head, SplittableRandom r) {
        double[][] centres = new double[3][];
        for (int i = 0; i < centres.length; i++) {
            double azimuth = 2 * Math.PI * r.nextDouble();
            double elevation = Math.asin(-0.2 + 0.96 * r.nextDouble());
            double distance = (25 + 30 * r.nextDouble()) * head.height / 73;
            centres[i] = new double[] {
                distance * Math.cos(elevation) * Math.sin(azimuth),
                distance * Math.cos(elevation) * Math.cos(azimuth),
                distance * Math.sin(elevation)
            };
        }
        return centres;
    }

    /**
     * The alternate style's lateral ventricles: one of the two 15-40 % larger than the other, as in many healthy
     * adults, on top of any compression by a mass.
     */
    static double[] unequalVentricles(double[] compression, SplittableRandom r) {
        double larger = 1.15 + 0.25 * r.nextDouble();
        int side = r.nextInt(2);
        double[] unequal = compression.clone();
        unequal[side] *= larger;
        return unequal;
    }
}
