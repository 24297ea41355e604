package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/** Outlines of parenchymal hematomas, drawn from the study's stream. */
final class ClotShapes {

    private ClotShapes() {}

    /** A smooth lobulated ellipsoid: the classic and randomised styles' clot. */
    static Shape lobulated(double[] c, double radius, SplittableRandom r) {
        double rx = radius * between(r, 0.75, 1.25);
        double ry = radius * between(r, 0.75, 1.3);
        double rz = radius * between(r, 0.7, 1.1);
        double e1 = between(r, -0.25, 0.25);
        double e2 = between(r, -0.25, 0.25);
        double e3 = between(r, -0.2, 0.2);
        return starShaped(
                c,
                rx,
                ry,
                rz,
                1.3,
                (u, v, w, len) -> 1 + (e1 * u * v + e2 * v * w + e3 * (u * u - w * w)) / (len * len));
    }

    /**
     * The held-out style's clot: two to four overlapping spheres around the centre, a multi-lobed outline that the
     * smooth lobulated ellipsoids of the other styles never make.
     */
    static Shape blobs(double[] c, double radius, SplittableRandom r) {
        int count = 2 + r.nextInt(3);
        Shape[] parts = new Shape[count];
        for (int i = 0; i < count; i++) {
            double[] u = unit(between(r, -1, 1), between(r, -1, 1), between(r, -1, 1));
            double offset = i == 0 ? 0 : radius * between(r, 0.4, 0.7);
            double rad = radius * (i == 0 ? between(r, 0.7, 0.9) : between(r, 0.35, 0.6));
            parts[i] = Shape.ellipsoid(c[0] + u[0] * offset, c[1] + u[1] * offset, c[2] + u[2] * offset, rad, rad, rad);
        }
        return Shape.union(parts);
    }

    /**
     * The alternate style's clot: an ellipsoid whose outline rises and falls one to two and a half times across each
     * axis, by the direction from its centre: the irregular margin of a hematoma in coagulopathy or of one still
     * growing, which neither the smooth lobes of the randomised style nor the held-out style's overlapping spheres make.
     */
    static Shape irregular(double[] c, double radius, SplittableRandom r) {
        double rx = radius * between(r, 0.8, 1.2);
        double ry = radius * between(r, 0.8, 1.25);
        double rz = radius * between(r, 0.75, 1.1);
        double bumps = 1 + 1.5 * r.nextDouble();
        double depth = between(r, 0.2, 0.35);
        double[] phase = {2 * Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble()};
        return starShaped(
                c,
                rx,
                ry,
                rz,
                (1 + depth) * 1.1,
                (u, v, w, len) -> 1
                        + depth
                                * (Sine.of(Math.PI * bumps * u / len + phase[0])
                                        + Sine.of(Math.PI * bumps * v / len + phase[1])
                                        + Sine.of(Math.PI * bumps * w / len + phase[2]))
                                / 3);
    }

    /**
     * The radius of a star-shaped outline, relative to the ellipsoid's, in the direction of a point.
     *
     * <p>{@code u, v, w}: the point in the ellipsoid's units from its centre; {@code len}: their length (never 0).
     */
    @FunctionalInterface
    private interface Outline {
        double at(double u, double v, double w, double len);
    }

    /**
     * An ellipsoid of semi-axes {@code rx, ry, rz} around {@code c} whose radius the outline scales by direction;
     * bounded by a sphere of {@code reach} times its largest semi-axis.
     */
    private static Shape starShaped(double[] c, double rx, double ry, double rz, double reach, Outline outline) {
        double min = Math.min(rx, Math.min(ry, rz));
        double[] bounds = {c[0], c[1], c[2], reach * Math.max(rx, Math.max(ry, rz))};
        return new Shape() {
            @Override
            public double distance(double x, double y, double z) {
                double u = (x - c[0]) / rx;
                double v = (y - c[1]) / ry;
                double w = (z - c[2]) / rz;
                double len = Math.sqrt(u * u + v * v + w * w) + 1e-9;
                return (len - outline.at(u, v, w, len)) * min;
            }

            @Override
            public double[] bounds() {
                return bounds;
            }
        };
    }

    private static double between(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double[] unit(double x, double y, double z) {
        double n = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / n, y / n, z / n};
    }
}
