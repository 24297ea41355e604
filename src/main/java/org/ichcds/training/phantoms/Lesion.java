package org.ichcds.training.phantoms;

/** One planned hemorrhage, in head coordinates; the renderer turns it into pixels, masks and boxes. */
sealed interface Lesion {

    Subtype subtype();

    /** Bounding sphere (x, y, z, radius) in head coordinates. */
    double[] bounds();

    /**
     * A collection between the inner table and the brain: epidural (biconvex lens, {@code lens}), subdural or chronic
     * (crescent). Its thickness at a point falls from {@code maxThickness} on the axis {@code u} to zero at angle
     * alpha from it; an acute-on-chronic collection is denser where patient y exceeds {@code acuteLevelY} (the
     * dependent, posterior part of a supine patient). A {@code profile} above 0 (held-out style) replaces the
     * classic lens and crescent profiles by {@code maxThickness·(1 - q)^profile}: flatter collections with steeper
     * edges.
     */
    record ExtraAxial(
            Subtype subtype,
            double[] u,
            double cosAlpha,
            double maxThickness,
            boolean lens,
            double hu,
            double acuteLevelY,
            double acuteHu,
            double[] bounds,
            double profile)
            implements Lesion {

        double thickness(double x, double y, double z) {
            double r = Math.sqrt(x * x + y * y + z * z);
            if (r < 1) {
                return 0;
            }
            double cos = (x * u[0] + y * u[1] + z * u[2]) / r;
            if (cos <= cosAlpha) {
                return 0;
            }
            // (1 - cos g) / (1 - cos a) ~ (g / a)^2 for the small angles used here
            double q = (1 - cos) / (1 - cosAlpha);
            if (profile > 0) {
                return maxThickness * Math.pow(1 - q, profile);
            }
            return lens ? maxThickness * (1 - q) : maxThickness * (1 - q * q);
        }

        double huAt(double patientY) {
            return patientY > acuteLevelY ? acuteHu : hu;
        }
    }

    /** A parenchymal hematoma with a lobulated outline and a hypodense oedema rim {@code rim} mm wide. */
    record Parenchymal(Subtype subtype, Shape core, double rim, double hu, double edemaHu, double[] bounds)
            implements Lesion {}

    /**
     * Blood layering in the dependent part of a lateral ventricle (occipital horn and atrium in a supine patient):
     * the ventricle below the level {@code patient y > levelY}. {@code side} 0 = right, 1 = left.
     */
    record Ventricular(Subtype subtype, int side, double levelY, double hu, double[] bounds) implements Lesion {}

    /** Blood in the subarachnoid CSF spaces (sulci, sylvian fissures, cisterns) within a sphere. */
    record Subarachnoid(Subtype subtype, double hu, double[] bounds) implements Lesion {

        boolean contains(double x, double y, double z) {
            double dx = x - bounds[0];
            double dy = y - bounds[1];
            double dz = z - bounds[2];
            return dx * dx + dy * dy + dz * dz < bounds[3] * bounds[3];
        }
    }
}
