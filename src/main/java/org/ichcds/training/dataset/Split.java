package org.ichcds.training.dataset;

/** The three parts of a data set, assigned by study (never by slice: neighbouring slices of one study leak). */
public enum Split {
    TRAIN("train"),
    VALIDATION("val"),
    TEST("test");

    private final String code;

    Split(String code) {
        this.code = code;
    }

    /** The value written in {@code studies.csv} and {@code images.csv}. */
    String code() {
        return code;
    }

    /** The split with this code ({@code validation} is accepted for {@code val}), or an error naming the value. */
    public static Split fromCode(String code) {
        for (Split split : values()) {
            if (split.code.equalsIgnoreCase(code)) {
                return split;
            }
        }
        if ("validation".equalsIgnoreCase(code)) {
            return VALIDATION;
        }
        throw new IllegalArgumentException("split '" + code + "' is not one of train, val, test");
    }
}
