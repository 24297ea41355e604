package org.ichcds.training.evaluation;

import java.util.Objects;
import org.ichcds.preprocessing.PixelBox;

/**
 * A labelled region on one image, for average precision.
 *
 * @param imageId the slice
 * @param box the region, in the same pixel grid as the detections
 */
public record GroundTruthBox(String imageId, PixelBox box) {

    public GroundTruthBox {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(box, "box");
    }
}
