package org.ichcds.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which grid of a two-grid detection head a subtype's boxes come from, as the manifest's {@code boxGrids} says ({@link
 * DetectionDecoder}): the stride-16 {@code detections}, the stride-8 {@code fine_detections}, or both, suppressed
 * together. A one-grid head has only the coarse grid, which serves every subtype but one set to {@link #FINE}.
 */
public enum BoxGrid {
    /** Both grids' boxes, suppressed together: how a subtype the manifest does not name is decoded. */
    BOTH("both"),
    /** The stride-16 grid's boxes only ({@code detections}). */
    COARSE("coarse"),
    /** The stride-8 grid's boxes only ({@code fine_detections}); a model without that output cannot serve it. */
    FINE("fine");

    private final String code;

    BoxGrid(String code) {
        this.code = code;
    }

    /** The manifest's word for it. */
    @JsonValue
    public String code() {
        return code;
    }

    /** Whether this subtype's boxes are read from the stride-16 grid. */
    public boolean readsCoarse() {
        return this != FINE;
    }

    /** Whether this subtype's boxes are read from the stride-8 grid (when the model has one). */
    public boolean readsFine() {
        return this != COARSE;
    }

    /**
     * The grid a word names.
     *
     * @throws IllegalArgumentException naming the words there are
     */
    @JsonCreator
    public static BoxGrid of(String code) {
        for (BoxGrid g : values()) {
            if (g.code.equals(code)) {
                return g;
            }
        }
        throw new IllegalArgumentException("boxGrids '" + code + "' is not one of " + words());
    }

    /** The words there are, as {@code both, coarse, fine}. */
    public static String words() {
        return Arrays.stream(values()).map(BoxGrid::code).collect(Collectors.joining(", "));
    }
}
