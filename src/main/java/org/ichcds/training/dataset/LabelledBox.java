package org.ichcds.training.dataset;

import java.util.Objects;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;

/**
 * A BHX truth box in the original DICOM pixel grid (top-left origin) with its subtype.
 *
 * @param box the box, in pixels of the slice as stored
 * @param label the subtype (never {@code any})
 */
public record LabelledBox(PixelBox box, HemorrhageLabel label) {

    public LabelledBox {
        Objects.requireNonNull(box, "box");
        if (Objects.requireNonNull(label, "label") == HemorrhageLabel.ANY) {
            throw new IllegalArgumentException("a truth box needs a subtype, not 'any'");
        }
    }
}
