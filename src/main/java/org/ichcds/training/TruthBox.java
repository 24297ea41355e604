package org.ichcds.training;

import java.util.Objects;
import org.ichcds.inference.HemorrhageLabel;

/**
 * A labelled hemorrhage region, in model-input pixels with a top-left origin (BHX boxes rescaled to the input size).
 *
 * @param x left edge
 * @param y top edge
 * @param width box width (positive)
 * @param height box height (positive)
 * @param label the subtype (not {@code any})
 */
public record TruthBox(float x, float y, float width, float height, HemorrhageLabel label) {

    public TruthBox {
        Objects.requireNonNull(label, "label");
        if (label == HemorrhageLabel.ANY) {
            throw new IllegalArgumentException("a truth box needs a subtype label, not 'any'");
        }
        if (!(width > 0 && height > 0) || !(x >= 0 && y >= 0)) {
            throw new IllegalArgumentException(
                    "truth box at " + x + "," + y + " size " + width + "x" + height + " is empty or off the image");
        }
    }

    /** The same box with a subtype given by its detection index (0 = epidural ... 5 = chronic). */
    public static TruthBox ofSubtype(float x, float y, float width, float height, int subtypeIndex) {
        return new TruthBox(x, y, width, height, HemorrhageLabel.subtype(subtypeIndex));
    }
}
