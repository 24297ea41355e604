package org.ichcds.training.phantoms;

/**
 * A solid given by an approximate signed distance in mm (negative inside), with a bounding sphere so that the
 * renderer evaluates it only near where it is.
 */
interface Shape {

    double distance(double x, double y, double z);

    /** Bounding sphere: centre x, y, z and radius, in head coordinates. */
    double[] bounds();

    static Shape ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz) {
        double min = Math.min(rx, Math.min(ry, rz));
        double[] bounds = {cx, cy, cz, Math.max(rx, Math.max(ry, rz))};
        return new Shape() {
            @Override
            public double distance(double x, double y, double z) {
                double u = (x - cx) / rx;
                double v = (y - cy) / ry;
                double w = (z - cz) / rz;
                return (Math.sqrt(u * u + v * v + w * w) - 1) * min;
            }

            @Override
            public double[] bounds() {
                return bounds;
            }
        };
    }

    /**
     * A tube along the polyline {@code points} (x, y, z triples) whose radius varies linearly from point to point;
     * {@code squashX} > 1 makes it slit-like across x (the third ventricle).
     */
    static Shape tube(double[] points, double[] radii, double squashX) {
        int n = radii.length;
        double[] bounds = tubeBounds(points, radii);
        return new Shape() {
            @Override
            public double distance(double x, double y, double z) {
                double best = Double.MAX_VALUE;
                for (int i = 0; i + 1 < n; i++) {
                    best = Math.min(best, segment(points, radii, i, x, y, z, squashX));
                }
                return best;
            }

            @Override
            public double[] bounds() {
                return bounds;
            }
        };
    }

    /** The union of {@code parts}: the nearest part's distance (exact outside, a bound inside). */
    static Shape union(Shape... parts) {
        double[] first = parts[0].bounds();
        double cx = 0;
        double cy = 0;
        double cz = 0;
        for (Shape p : parts) {
            cx += p.bounds()[0] / parts.length;
            cy += p.bounds()[1] / parts.length;
            cz += p.bounds()[2] / parts.length;
        }
        double radius = first[3];
        for (Shape p : parts) {
            double[] b = p.bounds();
            double dx = b[0] - cx;
            double dy = b[1] - cy;
            double dz = b[2] - cz;
            radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy + dz * dz) + b[3]);
        }
        double[] bounds = {cx, cy, cz, radius};
        return new Shape() {
            @Override
            public double distance(double x, double y, double z) {
                double best = Double.MAX_VALUE;
                for (Shape p : parts) {
                    best = Math.min(best, p.distance(x, y, z));
                }
                return best;
            }

            @Override
            public double[] bounds() {
                return bounds;
            }
        };
    }

    /** The shell {@code offset}..{@code offset+thickness} outside {@code inner}. */
    static Shape shell(Shape inner, double offset, double thickness) {
        double[] b = inner.bounds();
        double[] bounds = {b[0], b[1], b[2], b[3] + offset + thickness};
        double half = thickness / 2;
        return new Shape() {
            @Override
            public double distance(double x, double y, double z) {
                return Math.abs(inner.distance(x, y, z) - offset - half) - half;
            }

            @Override
            public double[] bounds() {
                return bounds;
            }
        };
    }

    private static double segment(double[] p, double[] r, int i, double x, double y, double z, double squashX) {
        int a = 3 * i;
        int b = a + 3;
        double ex = p[b] - p[a];
        double ey = p[b + 1] - p[a + 1];
        double ez = p[b + 2] - p[a + 2];
        double wx = x - p[a];
        double wy = y - p[a + 1];
        double wz = z - p[a + 2];
        double t = Head.clamp((wx * ex + wy * ey + wz * ez) / (ex * ex + ey * ey + ez * ez), 0, 1);
        double dx = (wx - t * ex) * squashX;
        double dy = wy - t * ey;
        double dz = wz - t * ez;
        return Math.sqrt(dx * dx + dy * dy + dz * dz) - (r[i] + t * (r[i + 1] - r[i]));
    }

    private static double[] tubeBounds(double[] p, double[] r) {
        int n = r.length;
        double cx = 0;
        double cy = 0;
        double cz = 0;
        for (int i = 0; i < n; i++) {
            cx += p[3 * i] / n;
            cy += p[3 * i + 1] / n;
            cz += p[3 * i + 2] / n;
        }
        double radius = 0;
        for (int i = 0; i < n; i++) {
            double dx = p[3 * i] - cx;
            double dy = p[3 * i + 1] - cy;
            double dz = p[3 * i + 2] - cz;
            radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy + dz * dz) + r[i]);
        }
        return new double[] {cx, cy, cz, radius};
    }
}
