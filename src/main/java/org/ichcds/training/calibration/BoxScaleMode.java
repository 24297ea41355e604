package org.ichcds.training.calibration;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a recalibration does with the manifest's box corrections ({@code boxScales}). */
public enum BoxScaleMode {
    /** Fit them on the calibration studies' boxes (relative to the current ones, which they then replace). */
    FIT,
    /** Leave them as they are. */
    KEEP,
    /** Remove them: every box as the detector gives it. */
    NONE;

    /** The command-line word. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a command-line word.
     *
     * @throws IllegalArgumentException naming the accepted words
     */
    public static BoxScaleMode fromCode(String code) {
        return Arrays.stream(values())
                .filter(mode -> mode.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("box scales '" + code + "' is not one of "
                        + Arrays.stream(values()).map(BoxScaleMode::code).collect(Collectors.joining(", "))));
    }
}
