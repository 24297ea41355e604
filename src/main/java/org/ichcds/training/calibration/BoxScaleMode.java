package org.ichcds.training.calibration;

import java.util.Locale;

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
        return OptionCodes.fromCode(values(), BoxScaleMode::code, code, "box scales");
    }
}
