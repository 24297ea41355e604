package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * Density variation inside the hemorrhages of a study, in HU added to each lesion's own density: a clot is not
 * uniform (retraction, serum, mixing of fresh and clotted blood). The randomised style makes a smooth, gentle
 * variation; the held-out style a mottled one, with hypodense islands like the swirl sign of active bleeding.
 *
 * @param amplitude largest departure from the lesion's density, HU
 * @param wavenumber spatial frequency, radians per mm
 * @param phase three phases of the pattern
 * @param mottled the held-out pattern
 */
record LesionTexture(double amplitude, double wavenumber, double[] phase, boolean mottled) {

    /** No texture for the classic style (null), else one drawn from {@code r}. */
    static LesionTexture draw(PhantomStyle style, SplittableRandom r) {
        if (style == PhantomStyle.CLASSIC) {
            return null;
        }
        boolean mottled = style == PhantomStyle.HELDOUT;
        double amplitude = mottled ? 8 + 12 * r.nextDouble() : 10 * r.nextDouble();
        double wavelength = mottled ? 4 + 4 * r.nextDouble() : 3 + 9 * r.nextDouble();
        double[] phase = {2 * Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble()};
        return new LesionTexture(amplitude, 2 * Math.PI / wavelength, phase, mottled);
    }

    /** HU to add at head point (x, y, z). */
    double at(double x, double y, double z) {
        double a = Sine.of(wavenumber * x + phase[0]);
        double b = Sine.of(wavenumber * y + phase[1]);
        double c = Sine.of(wavenumber * z + phase[2]);
        if (mottled) {
            return a + b + c > 1.6 ? -2 * amplitude : 0.25 * amplitude;
        }
        return amplitude * (a * b + c) / 2;
    }
}
