package org.ichcds.training.calibration;

import java.util.function.DoublePredicate;
import org.ichcds.inference.ModelManifest;

/**
 * What a recalibration does with one optional number of the manifest that {@code calibrate} can choose: its {@code
 * boxStudyExponent} or its {@code minBoxScore}.
 *
 * @param mode what to do
 * @param value with {@link Mode#SET}, the number to write; otherwise 0
 */
public record ManifestSetting(Mode mode, double value) {

    /** What to do with the number. */
    public enum Mode {
        /** Leave the manifest's. */
        KEEP,
        /** Remove it: the default applies. */
        NONE,
        /** Choose it on the calibration studies. */
        FIT,
        /** Write the given number. */
        SET
    }

    public ManifestSetting {
        if (mode == Mode.SET ? !Double.isFinite(value) : value != 0) {
            throw new IllegalArgumentException("value " + value + " does not go with " + mode);
        }
    }

    /** The manifest's number, left as it is. */
    public static ManifestSetting keep() {
        return new ManifestSetting(Mode.KEEP, 0);
    }

    /**
     * The command-line word of {@code boxStudyExponent}: {@code keep}, {@code none}, {@code fit}, or an exponent in (0,
     * 2].
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static ManifestSetting boxStudyExponent(String word) {
        return parse(
                word,
                "box study exponent",
                e -> e > 0 && e <= ModelManifest.MAX_BOX_STUDY_EXPONENT,
                "(0, " + (int) ModelManifest.MAX_BOX_STUDY_EXPONENT + "]");
    }

    /**
     * The command-line word of {@code minBoxScore}: {@code keep}, {@code none}, {@code fit}, or a score in (0, 1).
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static ManifestSetting minBoxScore(String word) {
        return parse(word, "minimum box score", s -> s > 0 && s < 1, "(0, 1)");
    }

    private static ManifestSetting parse(String word, String what, DoublePredicate allowed, String range) {
        switch (word) {
            case "keep":
                return keep();
            case "none":
                return new ManifestSetting(Mode.NONE, 0);
            case "fit":
                return new ManifestSetting(Mode.FIT, 0);
            default:
                double value;
                try {
                    value = Double.parseDouble(word);
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (!(Double.isFinite(value) && allowed.test(value))) {
                    throw new IllegalArgumentException(
                            what + " '" + word + "' is not keep, none, fit or a number in " + range);
                }
                return new ManifestSetting(Mode.SET, value);
        }
    }
}
