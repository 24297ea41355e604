package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * Draws the scan grid of a randomised, held-out or alternate study: slice thickness 0.6-5 mm, field of view 180-260 mm, a
 * quarter of the studies at a 768 matrix when 512 is asked for, and a gantry tilt of 5-25 degrees (either way) in
 * three studies out of ten, as head CT is often tilted along the orbitomeatal line to spare the lenses.
 */
final class RandomisedGeometry {

    /** Reconstructed thicknesses of head CT series, thin to thick. */
    static final double[] THICKNESSES = {0.6, 0.625, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 3.75, 4, 5};

    /**
     * At most this many slices per series: thinner series keep every slice needed to reach it, leaving a gap
     * between thin slices, so that a data set of thin-slice studies stays the size of a thick one.
     */
    static final int MAX_SLICES = 96;

    private RandomisedGeometry() {}

    static ScanGeometry draw(int baseMatrix, Head head, SplittableRandom r) {
        int n = baseMatrix == 512 && r.nextDouble() < 0.25 ? 768 : baseMatrix;
        double thickness = THICKNESSES[r.nextInt(THICKNESSES.length)];
        double fov = 180 + 80 * r.nextDouble();
        double pixel = fov / n;
        double tilt = 0;
        if (r.nextDouble() < 0.3) {
            tilt = (r.nextBoolean() ? 1 : -1) * (5 + 20 * r.nextDouble());
        }
        double coverage = head.height + 0.5 * head.skullThickness + 0.68 * head.height;
        // the table travels further per slice in a tilted series: cover the same head height along the normal
        double cos = Math.cos(Math.toRadians(tilt));
        double step = Math.max(thickness, coverage / (MAX_SLICES * cos)) / cos;
        int slices = (int) Math.max(24, Math.min(MAX_SLICES, Math.round(coverage / (step * cos))));
        double tableStart = -(100 + 80 * r.nextDouble());
        double[] z = new double[slices];
        for (int s = 0; s < slices; s++) {
            z[s] = tableStart + s * step;
        }
        double first = -fov / 2 + pixel / 2;
        return new ScanGeometry(n, pixel, first, first, z, thickness, step, tilt);
    }
}
