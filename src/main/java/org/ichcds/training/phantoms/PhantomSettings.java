package org.ichcds.training.phantoms;

/**
 * What the phantom generator is asked for.
 *
 * @param seed root of every random choice and UID: the same settings give the same bytes
 * @param matrix rows and columns of every slice (256 or 512)
 * @param positiveFraction fraction of studies that carry at least one hemorrhage, in [0, 1]
 */
public record PhantomSettings(long seed, int matrix, double positiveFraction) {

    public PhantomSettings {
        if (matrix != 256 && matrix != 512) {
            throw new IllegalArgumentException("matrix must be 256 or 512, was " + matrix);
        }
        if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
            throw new IllegalArgumentException("positive fraction must be in [0, 1], was " + positiveFraction);
        }
    }
}
