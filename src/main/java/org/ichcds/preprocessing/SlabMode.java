package org.ichcds.preprocessing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a slab's slices become one ({@link Slabs}), as a manifest's {@code slabMode} says. */
public enum SlabMode {
    /** Each pixel the mean of the slab's slices, as a scanner's thicker reconstruction. */
    MEAN("mean"),
    /**
     * Each pixel the median of the slab's slices (the mean of the middle two when they are even): noise falls, and a
     * structure that ends inside the slab keeps its own density or none, never a blend of it and its surroundings.
     */
    MEDIAN("median");

    private final String code;

    SlabMode(String code) {
        this.code = code;
    }

    /** The manifest's word for it. */
    @JsonValue
    public String code() {
        return code;
    }

    /**
     * The mode a word names.
     *
     * @throws IllegalArgumentException naming the words there are
     */
    @JsonCreator
    public static SlabMode of(String code) {
        for (SlabMode m : values()) {
            if (m.code.equals(code)) {
                return m;
            }
        }
        throw new IllegalArgumentException("slabMode '" + code + "' is not one of "
                + Arrays.stream(values()).map(SlabMode::code).collect(Collectors.joining(", ")));
    }
}
