package org.ichcds.training;

import java.util.List;
import java.util.Objects;
import org.ichcds.inference.Box;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One batch of training slices, independent of where the data came from.
 *
 * @param images {@code count × height × width × channels} floats in [0, 1] (NHWC): the three windows of the contract,
 *     or with slice context nine (the previous slice's three, the slice's own, the next slice's)
 * @param count number of slices
 * @param height slice height in pixels
 * @param width slice width in pixels
 * @param labels {@code count × 7} targets in {@link HemorrhageLabel} order, each 0 or 1
 * @param boxes per slice, its truth boxes in model-input pixels (an empty list when it has none)
 */
public record TrainingBatch(float[] images, int count, int height, int width, float[] labels, List<List<Box>> boxes) {

    public TrainingBatch {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(boxes, "boxes");
        if (count < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "batch of " + count + " slices of " + height + "x" + width + " is empty");
        }
        long pixels = (long) count * height * width;
        if (images.length % pixels != 0 || (images.length / pixels) % 3 != 0) {
            throw new IllegalArgumentException(images.length + " image floats are not " + count + " slices of " + height
                    + "x" + width + "x3 (or x9, with slice context)");
        }
        if ((long) count * HemorrhageLabel.COUNT != labels.length) {
            throw new IllegalArgumentException(
                    labels.length + " label values are not " + count + " × " + HemorrhageLabel.COUNT);
        }
        if (boxes.size() != count) {
            throw new IllegalArgumentException(boxes.size() + " box lists for " + count + " slices");
        }
        boxes = boxes.stream().map(List::copyOf).toList();
    }

    /** Channels per pixel: 3, or 9 with slice context. */
    public int channels() {
        return (int) (images.length / ((long) count * height * width));
    }

    /** A batch without boxes (classification targets only). */
    static TrainingBatch withoutBoxes(float[] images, int count, int height, int width, float[] labels) {
        return new TrainingBatch(images, count, height, width, labels, java.util.Collections.nCopies(count, List.of()));
    }
}
