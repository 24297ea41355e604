package org.ichcds.training.calibration;

import org.ichcds.inference.ModelManifest;

/**
 * What a recalibration does with the manifest's {@code boxStudyExponent}, the weight of a box's subtype's study
 * probability in its score.
 *
 * @param mode what to do
 * @param exponent with {@link Mode#SET}, the exponent to write, in (0, 2]; otherwise 0
 */
public record BoxStudyWeighting(Mode mode, double exponent) {

    /** What to do with the exponent. */
    public enum Mode {
        /** Leave the manifest's. */
        KEEP,
        /** Remove it: boxes scored by the detector alone. */
        NONE,
        /** Choose it on the calibration studies' boxes ({@code BoxStudyExponentFit}). */
        FIT,
        /** Write the given exponent. */
        SET
    }

    public BoxStudyWeighting {
        if (mode == Mode.SET ? !(exponent > 0 && exponent <= ModelManifest.MAX_BOX_STUDY_EXPONENT) : exponent != 0) {
            throw new IllegalArgumentException("box study exponent " + exponent + " does not go with " + mode);
        }
    }

    /** The manifest's exponent, left as it is. */
    public static BoxStudyWeighting keep() {
        return new BoxStudyWeighting(Mode.KEEP, 0);
    }

    /**
     * Parses the command-line word: {@code keep}, {@code none}, {@code fit}, or an exponent in (0, 2].
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static BoxStudyWeighting parse(String word) {
        switch (word) {
            case "keep":
                return keep();
            case "none":
                return new BoxStudyWeighting(Mode.NONE, 0);
            case "fit":
                return new BoxStudyWeighting(Mode.FIT, 0);
            default:
                double value;
                try {
                    value = Double.parseDouble(word);
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (!(value > 0 && value <= ModelManifest.MAX_BOX_STUDY_EXPONENT)) {
                    throw new IllegalArgumentException(
                            "box study exponent '" + word + "' is not keep, none, fit or a number in (0, 2]");
                }
                return new BoxStudyWeighting(Mode.SET, value);
        }
    }
}
