package org.ichcds.training.phantoms;

/**
 * What the phantom generator is asked for.
 *
 * @param seed root of every random choice and UID: the same settings give the same bytes
 * @param matrix rows and columns of every slice (256, 512 or 768); the randomised styles make a quarter of the
 *     studies at 768 when it is 512
 * @param positiveFraction fraction of studies that carry at least one hemorrhage, in [0, 1]
 * @param identifiers what the files carry as Study, Series and SOP Instance UIDs
 * @param style how the studies are drawn ({@link PhantomStyle#CLASSIC} unless asked otherwise)
 */
public record PhantomSettings(
        long seed,
        int matrix,
        double positiveFraction,
        Identifiers identifiers,
        PhantomStyle style,
        LookAlikeRates lookAlikes) {

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

    /** Classic phantoms. */
    public PhantomSettings(long seed, int matrix, double positiveFraction, Identifiers identifiers) {
        this(seed, matrix, positiveFraction, identifiers, PhantomStyle.CLASSIC);
    }

    /** Phantoms of a style with its own look-alike chances. */
    public PhantomSettings(
            long seed, int matrix, double positiveFraction, Identifiers identifiers, PhantomStyle style) {
        this(seed, matrix, positiveFraction, identifiers, style, LookAlikeRates.NONE);
    }

    public PhantomSettings {
        java.util.Objects.requireNonNull(identifiers, "identifiers");
        java.util.Objects.requireNonNull(style, "style");
        java.util.Objects.requireNonNull(lookAlikes, "lookAlikes");
        if (style == PhantomStyle.CLASSIC && !lookAlikes.isEmpty()) {
            // the classic style's draws are fixed: the demo, the tests and ich-phantom-v1 depend on its bytes
            throw new IllegalArgumentException(
                    "look-alike chances apply to the randomised, heldout and alternate styles; classic draws its own");
        }
        if (matrix != 256 && matrix != 512 && matrix != 768) {
            throw new IllegalArgumentException("matrix must be 256, 512 or 768, was " + matrix);
        }
        if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
            throw new IllegalArgumentException("positive fraction must be in [0, 1], was " + positiveFraction);
        }
    }
}
