package org.ichcds.training.phantoms;

import java.util.List;

/**
 * Midline shift and ventricular compression caused by large lesions: a hematoma over about 12 mm radius or an
 * extra-axial collection over about 6 mm thick pushes the midline away from its side (capped at 15 mm).
 *
 * @param shift signed displacement of the midline structures along head x, mm
 * @param compression scale of the right (0) and left (1) lateral ventricle
 */
record MassEffect(double shift, double[] compression) {

    static MassEffect of(List<Lesion> lesions) {
        double shift = 0;
        double[] compression = {1, 1};
        for (Lesion lesion : lesions) {
            double excess = 0;
            if (lesion instanceof Lesion.Parenchymal p) {
                excess = Math.max(0, (p.bounds()[3] - p.rim()) / 1.5 - 12);
            } else if (lesion instanceof Lesion.ExtraAxial e) {
                excess = Math.max(0, e.maxThickness() - 6);
            }
            double side = Math.signum(lesion.bounds()[0]);
            if (excess > 0 && side != 0) {
                shift -= side * 0.7 * excess;
                int index = side > 0 ? 1 : 0;
                compression[index] = Math.max(0.5, compression[index] - 0.05 * excess);
            }
        }
        return new MassEffect(Math.max(-15, Math.min(15, shift)), compression);
    }
}
