package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * The shape of one synthetic head, in head coordinates (mm): x towards the patient's left, y posterior, z superior,
 * origin at the centre of the cranial cavity. The inner table is an ellipsoid (narrower in front, fuller at the
 * occiput) cut by the skull-base floors: anterior fossa high over the orbits, middle fossa lower (with the sella in
 * the middle), posterior fossa lowest. Distances are signed: negative inside the cavity.
 */
final class Head {

    final double halfWidth;
    final double frontLength;
    final double backLength;
    final double height;
    final double skullThickness;
    final double scalpThickness;
    /** 0 = young brain (thin CSF spaces) .. 1 = atrophic (wide sulci, large ventricles). */
    final double atrophy;

    final double anteriorFloor;
    final double middleFloor;
    final double sellaFloor;
    final double anteriorToMiddle;
    final double middleToPosterior;

    /**
     * How far the outline is from an ellipsoid towards a rounded box (a superellipsoid of exponent 4): 0 for the
     * classic and randomised styles, 0.5..1 for the held-out style.
     */
    final double squareness;

    /**
     * One side of the back flattened, positive on the left (see {@link HeadProportions#flattening}); 0 but in the
     * alternate style.
     */
    final double flattening;

    /** A classic head: the draws of the original generator, in its order. */
    Head(SplittableRandom r) {
        this(HeadProportions.classic(r));
    }

    private Head(HeadProportions p) {
        halfWidth = p.halfWidth();
        frontLength = p.frontLength();
        backLength = p.backLength();
        height = p.height();
        skullThickness = p.skullThickness();
        scalpThickness = p.scalpThickness();
        atrophy = p.atrophy();
        anteriorFloor = p.anteriorFloor();
        middleFloor = p.middleFloor();
        sellaFloor = p.sellaFloor();
        anteriorToMiddle = p.anteriorToMiddle();
        middleToPosterior = p.middleToPosterior();
        squareness = p.squareness();
        flattening = p.flattening();
    }

    /** A head of the given style, drawn from {@code r}. */
    static Head of(PhantomStyle style, SplittableRandom r) {
        return style == PhantomStyle.CLASSIC ? new Head(r) : new Head(HeadProportions.drawn(style, r));
    }

    /** Signed distance (approximately mm) to the inner table: the intracranial cavity is {@code < 0}. */
    double cavity(double x, double y, double z) {
        double ellipsoid = ellipsoid(x, y, z);
        if (z > anteriorFloor + 25) {
            return ellipsoid;
        }
        return Math.max(ellipsoid, floor(x, y, z));
    }

    /** Signed distance to the inner-table ellipsoid alone (ignores the skull base). */
    double ellipsoid(double x, double y, double z) {
        return radial(x, y, z, width(x, y), y < 0 ? frontLength : backLength, height);
    }

    /** Signed distance to the skin; below the skull the outline continues as face and neck. */
    double envelope(double x, double y, double z) {
        double out = skullThickness + scalpThickness + 4 * smooth((Math.abs(x) - 0.75 * halfWidth) / 6);
        double zc = Math.max(z, -0.3 * height);
        double front = y < 0 && z < anteriorFloor ? frontLength + 12 : frontLength;
        return radial(x, y, zc, width(x, y) + out, (y < 0 ? front : backLength) + out, height + out);
    }

    /** Signed vertical distance below the skull-base floor, corrected for the floor's slope. */
    double floor(double x, double y, double z) {
        double f = floorHeight(x, y);
        double slope = (floorHeight(x, y + 0.5) - floorHeight(x, y - 0.5));
        return (f - z) / Math.sqrt(1 + slope * slope);
    }

    double floorHeight(double x, double y) {
        double middle = lerp(sellaFloor, middleFloor, smooth((Math.abs(x) - 10) / 6));
        // orbital roofs dome upwards on each side of the lower cribriform plate and rise towards the front
        double orbitalRoof = anteriorFloor + 7 * smooth((Math.abs(x) - 14) / 8) + 0.12 * (anteriorToMiddle - y);
        double f = lerp(orbitalRoof, middle, smooth((y - anteriorToMiddle) / 8));
        return lerp(f, -3 * height, smooth((y - posteriorFossaFront(x)) / 10));
    }

    /** Front of the posterior fossa: a V opening backwards along the petrous ridges, the clivus at its apex. */
    double posteriorFossaFront(double x) {
        return middleToPosterior + 0.3 * Math.abs(x);
    }

    private double width(double x, double y) {
        double width = halfWidth * (1 - 0.10 * clamp(-y / frontLength, 0, 1));
        if (flattening == 0 || y <= 0 || x * flattening <= 0) {
            return width;
        }
        return width * (1 - Math.abs(flattening) * clamp(y / backLength, 0, 1));
    }

    private double radial(double x, double y, double z, double a, double b, double c) {
        if (squareness == 0) {
            return radialDistance(x, y, z, a, b, c);
        }
        double u = x / a;
        double v = y / b;
        double w = z / c;
        double u2 = u * u;
        double v2 = v * v;
        double w2 = w * w;
        // both norms are homogeneous of degree 1, so their blend is too: the same distance estimate applies
        double rho = (1 - squareness) * Math.sqrt(u2 + v2 + w2)
                + squareness * Math.sqrt(Math.sqrt(u2 * u2 + v2 * v2 + w2 * w2));
        if (rho < 1e-9) {
            return -Math.min(a, Math.min(b, c));
        }
        return (rho - 1) * Math.sqrt(x * x + y * y + z * z) / rho;
    }

    static double radialDistance(double x, double y, double z, double a, double b, double c) {
        double u = x / a;
        double v = y / b;
        double w = z / c;
        double rho = Math.sqrt(u * u + v * v + w * w);
        if (rho < 1e-9) {
            return -Math.min(a, Math.min(b, c));
        }
        return (rho - 1) * Math.sqrt(x * x + y * y + z * z) / rho;
    }

    static double smooth(double t) {
        double c = clamp(t * 0.5 + 0.5, 0, 1);
        return c * c * (3 - 2 * c);
    }

    static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
