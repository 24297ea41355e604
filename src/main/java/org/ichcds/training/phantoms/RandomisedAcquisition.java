package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * Draws the acquisition of a randomised, held-out or alternate study: tube voltage 80-140 kV, any of the soft-tissue kernels,
 * noise that grows as slices thin (quantum noise goes with 1/sqrt(thickness)), cupping, skull-base streaks from
 * faint to strong, and every pixel storage met in practice, with the out-of-field padding declared in
 * PixelPaddingValue (DICOM PS3.3 C.7.5.1.1.2).
 */
final class RandomisedAcquisition {

    private static final int[] KVP = {80, 100, 120, 120, 140};

    private RandomisedAcquisition() {}

    static Acquisition draw(SplittableRandom r, Mimics mimics, PhantomStyle style, double thicknessMm) {
        double s = r.nextDouble();
        Acquisition.Storage storage = s < 0.35
                ? Acquisition.Storage.SIGNED_16
                : s < 0.5
                        ? Acquisition.Storage.SIGNED_16_ZERO_INTERCEPT
                        : s < 0.75 ? Acquisition.Storage.UNSIGNED_12 : Acquisition.Storage.WRAPPED_12;
        double padding = Double.NaN;
        if (storage != Acquisition.Storage.WRAPPED_12 && r.nextDouble() < 0.5) {
            // unsigned pixels cannot hold -2000: their scanners pad with stored 0, which is -1024 HU
            padding = storage.pixelRepresentation == 0 ? -1024 : (r.nextBoolean() ? -2048 : -3024);
        }
        Texture texture = Texture.draw(r, style);
        double sigma = (3 + 9 * r.nextDouble()) * texture.noiseFactor() * Math.sqrt(2.5 / thicknessMm);
        double cupping = r.nextDouble() < 0.5 ? 0 : 3 + 12 * r.nextDouble();
        return new Acquisition(
                KVP[r.nextInt(KVP.length)],
                texture.kernel(),
                Math.min(25, sigma),
                padding,
                storage,
                mimics.streaks(),
                texture,
                cupping,
                0.3 + 1.5 * r.nextDouble(),
                !Double.isNaN(padding));
    }
}
