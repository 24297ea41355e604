package org.ichcds.inference;

import java.util.List;
import java.util.Objects;

/**
 * What the model says about one slice.
 *
 * @param probabilities seven probabilities in {@link HemorrhageLabel} order
 * @param boxes detected regions after per-subtype non-maximum suppression, highest score first
 */
public record SlicePrediction(float[] probabilities, List<Box> boxes) {

    public SlicePrediction {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length != HemorrhageLabel.COUNT) {
            throw new IllegalArgumentException("a slice prediction needs " + HemorrhageLabel.COUNT
                    + " probabilities, got " + probabilities.length);
        }
        for (float p : probabilities) {
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException("probability " + p + " is outside [0, 1]");
            }
        }
        probabilities = probabilities.clone();
        boxes = List.copyOf(boxes);
    }

    /** The probability of one label. */
    public float probability(HemorrhageLabel label) {
        return probabilities[label.ordinal()];
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }
}
