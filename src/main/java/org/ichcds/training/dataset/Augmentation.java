package org.ichcds.training.dataset;

/**
 * Random changes applied to each training slice, each drawn uniformly within its bound per slice.
 *
 * @param flip mirror left-right with probability one half
 * @param maxRotationDegrees in-plane rotation about the image centre, ± this (head tilt in the gantry)
 * @param maxScale zoom about the image centre, 1 ± this (head size)
 * @param maxNoiseHu standard deviation of Gaussian pixel noise, drawn in [0, this] HU (dose and kernel)
 * @param levelJitter window level shift, ± this fraction of the window width
 * @param widthJitter window width change, 1 ± this
 */
public record Augmentation(
        boolean flip,
        double maxRotationDegrees,
        double maxScale,
        double maxNoiseHu,
        double levelJitter,
        double widthJitter) {

    public Augmentation {
        if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 45)
                || !(maxScale >= 0 && maxScale < 0.5)
                || !(maxNoiseHu >= 0 && maxNoiseHu <= 100)
                || !(levelJitter >= 0 && levelJitter < 0.5)
                || !(widthJitter >= 0 && widthJitter < 0.5)) {
            throw new IllegalArgumentException("augmentation bounds out of range: " + this);
        }
    }

    /** Flip, ±10° rotation, ±10 % scale, noise up to 8 HU, window level ±5 % and width ±10 %. */
    public static Augmentation defaults() {
        return new Augmentation(true, 10, 0.10, 8, 0.05, 0.10);
    }

    /** No augmentation. */
    public static Augmentation none() {
        return new Augmentation(false, 0, 0, 0, 0, 0);
    }
}
