package org.ichcds.training.evaluation;

import java.util.Objects;
import org.ichcds.preprocessing.PixelBox;

/**
 * A predicted box on one image, for average precision.
 *
 * @param imageId the slice the box was predicted on (matched against truth on the same slice only)
 * @param score the box's confidence; detections are ranked by it
 * @param box the region, in the same pixel grid as the truth
 */
public record Detection(String imageId, double score, PixelBox box) {

    public Detection {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(box, "box");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("detection score " + score + " is not finite");
        }
    }
}
