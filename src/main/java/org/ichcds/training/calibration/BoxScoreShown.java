package org.ichcds.training.calibration;

/**
 * What a recalibration does with the manifest's {@code minBoxScore}, the detector score from which the model's boxes
 * are shown.
 *
 * @param mode what to do
 * @param score with {@link Mode#SET}, the score to write, in (0, 1); otherwise 0
 */
public record BoxScoreShown(Mode mode, double score) {

    /** What to do with the score. */
    public enum Mode {
        /** Leave the manifest's. */
        KEEP,
        /** Remove it: boxes shown from the default, 0.25. */
        NONE,
        /** Choose it on the calibration studies' boxes: the highest F1 ({@code ShownBoxes#bestF1}). */
        FIT,
        /** Write the given score. */
        SET
    }

    public BoxScoreShown {
        if (mode == Mode.SET ? !(score > 0 && score < 1) : score != 0) {
            throw new IllegalArgumentException("minimum box score " + score + " does not go with " + mode);
        }
    }

    /** The manifest's score, left as it is. */
    public static BoxScoreShown keep() {
        return new BoxScoreShown(Mode.KEEP, 0);
    }

    /**
     * Parses the command-line word: {@code keep}, {@code none}, {@code fit}, or a score in (0, 1).
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static BoxScoreShown parse(String word) {
        switch (word) {
            case "keep":
                return keep();
            case "none":
                return new BoxScoreShown(Mode.NONE, 0);
            case "fit":
                return new BoxScoreShown(Mode.FIT, 0);
            default:
                double value;
                try {
                    value = Double.parseDouble(word);
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (!(value > 0 && value < 1)) {
                    throw new IllegalArgumentException(
                            "minimum box score '" + word + "' is not keep, none, fit or a number in (0, 1)");
                }
                return new BoxScoreShown(Mode.SET, value);
        }
    }
}
