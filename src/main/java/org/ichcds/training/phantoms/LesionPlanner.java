package org.ichcds.training.phantoms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses the hemorrhages of a positive study: the primary subtype, sometimes one or two more, each with a size
 * class from subtle (a few mm, one or two slices) to large (mass effect), at the places each subtype occurs.
 */
final class LesionPlanner {

    /** Subtype weights for the extra lesions, roughly in the proportions seen in the RSNA 2019 data. */
    private static final double[] EXTRA_WEIGHTS = {0.06, 0.24, 0.16, 0.26, 0.22, 0.06};

    private final Head head;
    private final Pose pose;
    private final SplittableRandom r;
    private final PhantomStyle style;
    /** Scale of the lesion being planned: 1 in the classic style, 0.7-1.4 in the others. */
    private double sizeScale = 1;

    LesionPlanner(Head head, Pose pose, SplittableRandom r) {
        this(head, pose, r, PhantomStyle.CLASSIC);
    }

    /**
     * The randomised styles widen every density range by 10 HU each way (hyperacute, anaemic and dense clots); the
     * held-out style also builds other shapes: multi-lobed clots and flatter collections; the alternate style clots
     * with irregular, many-bumped outlines.
     */
    LesionPlanner(Head head, Pose pose, SplittableRandom r, PhantomStyle style) {
        this.head = head;
        this.pose = pose;
        this.r = r;
        this.style = style;
    }

    List<Lesion> plan(Subtype primary) {
        List<Lesion> lesions = new ArrayList<>();
        lesions.add(lesion(primary));
        double more = r.nextDouble();
        int extra = more < 0.55 ? 0 : (more < 0.85 ? 1 : 2);
        for (int i = 0; i < extra; i++) {
            lesions.add(lesion(Subtype.values()[pick(EXTRA_WEIGHTS)]));
        }
        return lesions;
    }

    private Lesion lesion(Subtype type) {
        double size = r.nextDouble();
        int sizeClass = size < 0.3 ? 0 : (size < 0.75 ? 1 : 2);
        if (style != PhantomStyle.CLASSIC) {
            sizeScale = between(0.7, 1.4);
        }
        return switch (type) {
            case EPIDURAL -> epidural(sizeClass);
            case SUBDURAL -> subdural(type, sizeClass, density(55, 80));
            case CHRONIC -> subdural(type, Math.max(1, sizeClass), chronicDensity());
            case INTRAPARENCHYMAL -> parenchymal(sizeClass);
            case INTRAVENTRICULAR -> ventricular(sizeClass);
            case SUBARACHNOID -> subarachnoid(sizeClass);
        };
    }

    private Lesion epidural(int sizeClass) {
        int s = side();
        double[] u = switch (r.nextInt(4)) {
            case 0 -> unit(s * 0.95, between(-0.1, 0.15), between(-0.05, 0.2));
            case 1 -> unit(s * between(0.3, 0.5), -0.85, between(0.1, 0.4));
            case 2 -> unit(s * between(0.55, 0.75), between(0.05, 0.25), between(0.55, 0.75));
            default -> unit(s * between(0.3, 0.5), 0.85, between(0.0, 0.3));
        };
        // an epidural hematoma strips the dura from the bone only up to the sutures, where the dura is fixed:
        // keep the lens inside its bone plate (sagittal, coronal, lambdoid and squamous sutures)
        double toSuture = Math.min(
                Math.min(Math.asin(Math.abs(u[0])), Math.abs(Math.asin(u[1]) - Math.asin(-0.2))),
                Math.min(Math.abs(Math.asin(u[1]) - Math.asin(0.55)), Math.abs(Math.asin(u[2]) - Math.asin(0.3))));
        double alpha =
                Math.max(Math.toRadians(7), Math.min(Math.toRadians(pick(sizeClass, 9, 18, 28)), 0.95 * toSuture));
        double thickness = pick(sizeClass, 3, 8, 16) * between(0.8, 1.5);
        return extraAxial(Subtype.EPIDURAL, u, alpha, thickness, true, density(60, 90), Double.NaN, 0);
    }

    private Lesion subdural(Subtype type, int sizeClass, double hu) {
        double[] u = unit(side() * between(0.75, 0.95), between(-0.3, 0.3), between(0.0, 0.5));
        // a subdural collection crosses the sutures but not the falx: keep it off the midline
        double alpha = Math.min(Math.toRadians(pick(sizeClass, 18, 36, 52)), 0.9 * Math.asin(Math.abs(u[0])));
        double thickness = pick(sizeClass, 2, 5, 11) * between(0.8, 1.7);
        double level = Double.NaN;
        double acute = 0;
        if (type == Subtype.CHRONIC && r.nextDouble() < 0.35) {
            double[] c = surfacePoint(u);
            level = pose.patientY(c[0], c[1], c[2]) + between(-5, 20);
            acute = density(50, 70);
        }
        return extraAxial(type, u, alpha, thickness, false, hu, level, acute);
    }

    private Lesion extraAxial(
            Subtype type, double[] u, double alpha, double t, boolean lens, double hu, double level, double acute) {
        double[] c = surfacePoint(u);
        double radius = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
        double[] bounds = {c[0], c[1], c[2], 1.2 * alpha * radius + t + 4};
        double profile = style == PhantomStyle.HELDOUT ? (lens ? 0.35 : 0.25) + 0.2 * r.nextDouble() : 0;
        return new Lesion.ExtraAxial(
                type, u, Math.cos(alpha), t, lens, hu, Double.isNaN(level) ? 1e9 : level, acute, bounds, profile);
    }

    private Lesion parenchymal(int sizeClass) {
        int s = side();
        double site = r.nextDouble();
        double radius = pick(sizeClass, 3, 9, 18) * between(0.85, 1.4);
        double[] c;
        if (site < 0.35) {
            c = new double[] {s * 0.33 * head.halfWidth, -0.05 * head.frontLength, 0.02 * head.height};
        } else if (site < 0.5) {
            c = new double[] {s * 0.15 * head.halfWidth, 0.12 * head.backLength, 0.06 * head.height};
        } else if (site < 0.85) {
            double[] u = unit(s * between(0.3, 0.9), between(-0.8, 0.8), between(-0.1, 0.8));
            double[] p = surfacePoint(u);
            double depth = radius + 6 + 10 * r.nextDouble();
            double len = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
            c = new double[] {p[0] * (1 - depth / len), p[1] * (1 - depth / len), p[2] * (1 - depth / len)};
        } else {
            radius = Math.min(radius, 13);
            c = new double[] {s * 0.3 * head.halfWidth, 0.55 * head.backLength, -0.55 * head.height};
        }
        Shape core = switch (style) {
            case HELDOUT -> ClotShapes.blobs(c, radius, r);
            case ALTERNATE -> ClotShapes.irregular(c, radius, r);
            default -> ClotShapes.lobulated(c, radius, r);
        };
        double rim = sizeClass == 0 ? between(0.8, 2) : between(2, 5);
        double[] bounds = {c[0], c[1], c[2], radius * 1.5 + rim};
        return new Lesion.Parenchymal(Subtype.INTRAPARENCHYMAL, core, rim, density(60, 88), edemaDensity(), bounds);
    }

    private Lesion ventricular(int sizeClass) {
        int side = r.nextInt(2);
        // occipital horn tip of the lateral ventricle (see Anatomy), the most dependent CSF of a supine patient
        double x = (side == 0 ? -1 : 1) * 15 * head.halfWidth / 66;
        double y = 38 * head.frontLength / 82;
        double z = 2 * head.height / 73;
        double level = pose.patientY(x, y, z) - pick(sizeClass, 5, 12, 26) * between(0.8, 1.3);
        double[] bounds = {x, y - 20, z + 8, 45};
        return new Lesion.Ventricular(Subtype.INTRAVENTRICULAR, side, level, density(50, 75), bounds);
    }

    private Lesion subarachnoid(int sizeClass) {
        double site = r.nextDouble();
        int s = side();
        double[] c;
        if (site < 0.4) {
            c = new double[] {s * 50 * head.halfWidth / 66, -4 * head.frontLength / 82, -6 * head.height / 73};
        } else if (site < 0.75) {
            double[] p = surfacePoint(unit(s * between(0.3, 0.9), between(-0.7, 0.7), between(0.1, 0.8)));
            c = new double[] {p[0] * 0.93, p[1] * 0.93, p[2] * 0.93};
        } else {
            c = new double[] {0, -8 * head.frontLength / 82, -20 * head.height / 73};
        }
        double radius = pick(sizeClass, 9, 16, 28) * between(0.85, 1.3);
        return new Lesion.Subarachnoid(Subtype.SUBARACHNOID, density(55, 80), new double[] {c[0], c[1], c[2], radius});
    }

    /** A density drawn in [lo, hi], widened by 10 HU each way in the randomised styles. */
    private double density(double lo, double hi) {
        return style == PhantomStyle.CLASSIC ? between(lo, hi) : between(lo - 10, hi + 10);
    }

    private double chronicDensity() {
        return style == PhantomStyle.CLASSIC ? 2 + 28 * r.nextDouble() : between(0, 38);
    }

    private double edemaDensity() {
        return style == PhantomStyle.CLASSIC ? between(10, 18) : between(4, 22);
    }

    /** The inner-table point along direction u, found by bisection on the cavity distance. */
    double[] surfacePoint(double[] u) {
        double lo = 0;
        double hi = 200;
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            if (head.cavity(u[0] * mid, u[1] * mid, u[2] * mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new double[] {u[0] * lo, u[1] * lo, u[2] * lo};
    }

    private int side() {
        return r.nextBoolean() ? 1 : -1;
    }

    private double between(double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** A size (mm or degrees) of the size class, scaled by the lesion's size scale. */
    private double pick(int sizeClass, double subtle, double moderate, double large) {
        return (sizeClass == 0 ? subtle : (sizeClass == 1 ? moderate : large)) * sizeScale;
    }

    private int pick(double[] weights) {
        double x = r.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static double[] unit(double x, double y, double z) {
        double n = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / n, y / n, z / n};
    }
}
