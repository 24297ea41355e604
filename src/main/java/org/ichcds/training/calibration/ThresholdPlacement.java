package org.ichcds.training.calibration;

/**
 * Where a label's threshold sits when the calibration studies allow several thresholds that meet both its sensitivity
 * target and its specificity floor. Thresholds are chosen on a few hundred studies; a threshold at the edge of what
 * meets the target keeps it on those studies only, and misses it on about half of the new ones.
 */
public enum ThresholdPlacement {
    /** The highest threshold meeting the sensitivity target: the most specific one, its sensitivity at the target. */
    EDGE("edge"),
    /**
     * Of the thresholds meeting both, the one whose smaller margin, counted in binomial standard errors at the target
     * and at the floor ({@code (sensitivity − target) / √(target·(1 − target)/positives)}, the same for specificity
     * over the negatives), is largest: the one most likely to meet both on new studies. The fewer positives a label
     * has, the more room its sensitivity gets. When only one threshold meets both, or none does, as {@link #EDGE}.
     */
    MARGIN("margin");

    private final String code;

    ThresholdPlacement(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The value of a code; an error naming the codes otherwise. */
    public static ThresholdPlacement fromCode(String code) {
        return OptionCodes.fromCode(values(), ThresholdPlacement::code, code, "threshold placement");
    }
}
