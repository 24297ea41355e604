package org.ichcds.training.calibration;

import org.ichcds.training.evaluation.Metrics;

/**
 * What a label's operating threshold aims at on the calibration studies.
 *
 * @param targetSensitivity the study-level sensitivity wanted
 * @param specificityFloor the study-level specificity the threshold should not fall below
 * @param floorBinds when both cannot be met: {@code true} keeps the specificity floor and gives up sensitivity (a
 *     subtype named on most negative studies is noise to a reader); {@code false} keeps the sensitivity and gives up
 *     specificity (the triage call on {@code any} must miss few bleeds)
 */
public record OperatingPoint(double targetSensitivity, double specificityFloor, boolean floorBinds) {

    /** {@code any}: sensitivity ≥ 0.95 with specificity ≥ 0.95 when reachable; sensitivity first. */
    public static final OperatingPoint ANY = new OperatingPoint(Metrics.TARGET_SENSITIVITY_ANY, 0.95, false);

    /** Subtypes: sensitivity ≥ 0.90 with a specificity floor of 0.80, which wins when both cannot be met. */
    public static final OperatingPoint SUBTYPE = new OperatingPoint(Metrics.TARGET_SENSITIVITY_SUBTYPE, 0.80, true);

    public OperatingPoint {
        if (!(targetSensitivity > 0 && targetSensitivity <= 1) || !(specificityFloor >= 0 && specificityFloor < 1)) {
            throw new IllegalArgumentException("operating point: sensitivity " + targetSensitivity
                    + " must be in (0, 1], specificity floor " + specificityFloor + " in [0, 1)");
        }
    }
}
