package org.ichcds.training.calibration;

import java.util.Objects;

/**
 * How the operating thresholds are chosen on the calibration studies, beyond what each label aims at ({@link
 * OperatingPoint}).
 *
 * @param subtypeStudies the studies a subtype's sensitivity and specificity are taken over
 * @param placement where a threshold sits among those meeting both the target and the floor
 */
public record ThresholdRule(SubtypeStudies subtypeStudies, ThresholdPlacement placement) {

    /** What {@code train}, {@code train-head} and {@code calibrate} use unless told otherwise. */
    public static final ThresholdRule DEFAULT = new ThresholdRule(SubtypeStudies.ALL, ThresholdPlacement.MARGIN);

    public ThresholdRule {
        Objects.requireNonNull(subtypeStudies, "subtype studies");
        Objects.requireNonNull(placement, "threshold placement");
    }
}
