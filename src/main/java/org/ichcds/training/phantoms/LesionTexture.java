package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * Density variation inside the hemorrhages of a study, in HU added to each lesion's own density: a clot is not
 * uniform (retraction, serum, mixing of fresh and clotted blood). The randomised style makes a smooth, gentle
 * variation; the held-out style a mottled one, with hypodense islands like the swirl sign of active bleeding; the
 * alternate style bands of denser and lighter blood along one direction, like layered, partly settled clot.
 *
 * @param amplitude largest departure from the lesion's density, HU
 * @param wavenumber spatial frequency, radians per mm
 * @param phase three phases of the pattern
 * @param mottled the held-out pattern
 * @param bands the alternate pattern: the unit direction across which the density changes, or null
 */
record LesionTexture(double amplitude, double wavenumber, double[] phase, boolean mottled, double[] bands) {

    /** No texture for the classic style (null), else one drawn from {@code r}. */
    static LesionTexture draw(PhantomStyle style, SplittableRandom r) {
        if (style == PhantomStyle.CLASSIC) {
            return null;
        }
        boolean mottled = style == PhantomStyle.HELDOUT;
        double amplitude = mottled ? 8 + 12 * r.nextDouble() : 10 * r.nextDouble();
        double wavelength = mottled ? 4 + 4 * r.nextDouble() : 3 + 9 * r.nextDouble();
        double[] phase = {2 * Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble()};
        double[] bands = null;
        if (style == PhantomStyle.ALTERNATE) {
            double azimuth = 2 * Math.PI * r.nextDouble();
            double z = 2 * r.nextDouble() - 1;
            double xy = Math.sqrt(1 - z * z);
            bands = new double[] {xy * Math.cos(azimuth), xy * Math.sin(azimuth), z};
        }
        return new LesionTexture(amplitude, 2 * Math.PI / wavelength, phase, mottled, bands);
    }

    /** HU to add at head point (x, y, z). */
    double at(double x, double y, double z) {
        if (bands != null) {
            double across = wavenumber * (bands[0] * x + bands[1] * y + bands[2] * z) + phase[0];
            return amplitude * (Sine.of(across) + 0.5 * Sine.of(2 * across + phase[1]));
        }
        double a = Sine.of(wavenumber * x + phase[0]);
        double b = Sine.of(wavenumber * y + phase[1]);
        double c = Sine.of(wavenumber * z + phase[2]);
        if (mottled) {
            return a + b + c > 1.6 ? -2 * amplitude : 0.25 * amplitude;
        }
        return amplitude * (a * b + c) / 2;
    }
}
