package org.ichcds.training.dataset;

import java.util.Objects;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;

/**
 * A hemorrhage region in the <b>slice's own pixels</b> (its DICOM pixel grid as stored, top-left origin, the BHX
 * convention), as training and evaluation handle them: a BHX truth box (score 1, {@link #truth}), or a detection
 * mapped back from model-input pixels for average precision. The model-input counterpart is {@code inference.Box};
 * docs/architecture.md (Boxes) lists every box type and its coordinate space.
 *
 * @param sopInstanceUid the slice the box lies on; boxes match only boxes on the same slice
 * @param label the subtype (never {@code any})
 * @param score the detector's score, 1 for a truth box
 * @param box the region, in pixels of the slice as stored
 */
public record LabelledBox(String sopInstanceUid, HemorrhageLabel label, double score, PixelBox box) {

    public LabelledBox {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(box, "box");
        HemorrhageLabel.requireSubtype(label);
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("box score " + score + " is not finite");
        }
    }

    /** A truth box: score 1. */
    public static LabelledBox truth(String sopInstanceUid, HemorrhageLabel label, PixelBox box) {
        return new LabelledBox(sopInstanceUid, label, 1, box);
    }
}
