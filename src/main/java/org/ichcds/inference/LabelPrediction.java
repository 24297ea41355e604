package org.ichcds.inference;

import java.util.List;

/**
 * The model's study-level prediction for one label.
 *
 * @param label the label
 * @param probability calibrated study probability: the model's manifest {@link Calibration} applied to the
 *     uncalibrated one; what every user-facing figure shows and what the operating thresholds apply to
 * @param uncalibratedProbability the model's study probability (mean of the top-k slice probabilities; k = 1 is the
 *     maximum), before calibration
 * @param keySlices slice indices with the highest probability for this label, highest first
 * @param boxes the label's boxes over the study after per-slice suppression, highest score first (for {@code any}:
 *     the boxes of every subtype)
 */
public record LabelPrediction(
        HemorrhageLabel label,
        float probability,
        float uncalibratedProbability,
        List<Integer> keySlices,
        List<SliceBox> boxes) {

    public LabelPrediction {
        keySlices = List.copyOf(keySlices);
        boxes = List.copyOf(boxes);
    }
}
