package org.ichcds.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What happens to the boxes a slice's suppression removes, as the manifest's {@code boxMerge} says ({@link
 * NonMaxSuppression}). The box a subtype keeps is the best-scoring one either way, with its score.
 */
public enum BoxMerge {
    /** The overlapping boxes are dropped: greedy non-maximum suppression. */
    SUPPRESS("suppress"),
    /**
     * The kept box's edges become the score-weighted mean of its own and those of the boxes it suppresses (weighted
     * non-maximum suppression): several cells that agree on a lesion place its box together.
     */
    WEIGHTED("weighted");

    private final String code;

    BoxMerge(String code) {
        this.code = code;
    }

    /** The manifest's word for it. */
    @JsonValue
    public String code() {
        return code;
    }

    /**
     * The merge a word names.
     *
     * @throws IllegalArgumentException naming the words there are
     */
    @JsonCreator
    public static BoxMerge of(String code) {
        for (BoxMerge m : values()) {
            if (m.code.equals(code)) {
                return m;
            }
        }
        throw new IllegalArgumentException("boxMerge '" + code + "' is not one of " + words());
    }

    /** The words there are, as {@code suppress, weighted}. */
    public static String words() {
        return Arrays.stream(values()).map(BoxMerge::code).collect(Collectors.joining(", "));
    }
}
