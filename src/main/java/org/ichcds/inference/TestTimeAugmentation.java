package org.ichcds.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the slice network is run on each slice at inference, as the manifest's {@code testTimeAugmentation} says. The
 * calibration and thresholds of a model hold only for the way it was calibrated, so a model names its own and a
 * server never chooses another.
 */
public enum TestTimeAugmentation {
    /** Each slice once, as it is. */
    NONE("none"),
    /**
     * Each slice as it is and mirrored left to right ({@link TestTimeFlip}): the probabilities and embeddings are the
     * mean of the two passes, and the detection grids are merged cell by cell after mirroring the second one back.
     */
    FLIP("flip");

    private final String code;

    TestTimeAugmentation(String code) {
        this.code = code;
    }

    /** The manifest's word for it. */
    @JsonValue
    public String code() {
        return code;
    }

    /**
     * The augmentation a word names.
     *
     * @throws IllegalArgumentException naming the words there are
     */
    @JsonCreator
    public static TestTimeAugmentation of(String code) {
        for (TestTimeAugmentation a : values()) {
            if (a.code.equals(code)) {
                return a;
            }
        }
        throw new IllegalArgumentException("testTimeAugmentation '" + code + "' is not one of " + words());
    }

    /** The words there are, as {@code none, flip}. */
    public static String words() {
        return Arrays.stream(values()).map(TestTimeAugmentation::code).collect(Collectors.joining(", "));
    }
}
