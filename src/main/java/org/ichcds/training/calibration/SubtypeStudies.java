package org.ichcds.training.calibration;

/**
 * The calibration studies a subtype's threshold is chosen on: its sensitivity target and specificity floor are taken
 * over these. {@code any}'s threshold is always chosen on every study.
 */
public enum SubtypeStudies {
    /** Every study: the floor bounds how often the subtype would be called on any study, most holding no bleed. */
    ALL("all"),
    /**
     * The studies that hold a hemorrhage: a card names subtypes only on a study flagged for {@code any}, so the floor
     * bounds how often it names a subtype a bleeding study does not hold.
     */
    HEMORRHAGE("hemorrhage");

    private final String code;

    SubtypeStudies(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The value of a code; an error naming the codes otherwise. */
    public static SubtypeStudies fromCode(String code) {
        return OptionCodes.fromCode(values(), SubtypeStudies::code, code, "subtype studies");
    }
}
