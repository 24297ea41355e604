package org.ichcds.training.phantoms;

/**
 * What the phantom generator is asked for.
 *
 * @param seed root of every random choice and UID: the same settings give the same bytes
 * @param matrix rows and columns of every slice (256 or 512)
 * @param positiveFraction fraction of studies that carry at least one hemorrhage, in [0, 1]
 * @param identifiers what the files carry as Study, Series and SOP Instance UIDs
 */
public record PhantomSettings(long seed, int matrix, double positiveFraction, Identifiers identifiers) {

    /** What a phantom's files carry as Study, Series and SOP Instance UIDs. */
    public enum Identifiers {
        /** {@code 2.25.} UIDs (DICOM PS3.5 B.2), as a scanner writes them. */
        DICOM,
        /**
         * The RSNA 2019 data set's own identifiers, {@code ID_} and hex digits, written as the UIDs (as in its files):
         * the SOP Instance UID is the image id.
         */
        RSNA
    }

    /** Phantoms with DICOM UIDs. */
    public PhantomSettings(long seed, int matrix, double positiveFraction) {
        this(seed, matrix, positiveFraction, Identifiers.DICOM);
    }

    public PhantomSettings {
        java.util.Objects.requireNonNull(identifiers, "identifiers");
        if (matrix != 256 && matrix != 512) {
            throw new IllegalArgumentException("matrix must be 256 or 512, was " + matrix);
        }
        if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
            throw new IllegalArgumentException("positive fraction must be in [0, 1], was " + positiveFraction);
        }
    }
}
