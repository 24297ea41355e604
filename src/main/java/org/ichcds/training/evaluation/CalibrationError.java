package org.ichcds.training.evaluation;

import java.util.OptionalDouble;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One label's expected calibration error over the studies, of the probabilities as served (after the model's
 * calibration) and of the model's own (before).
 *
 * @param label the label
 * @param calibrated ECE of the calibrated study probabilities; empty without studies
 * @param uncalibrated ECE of the uncalibrated study probabilities; empty without studies
 */
record CalibrationError(HemorrhageLabel label, OptionalDouble calibrated, OptionalDouble uncalibrated) {

    /** Equal-width bins of the ECE and the reliability diagram. */
    static final int BINS = 15;
}
