package org.ichcds.inference;

import java.util.Objects;

/**
 * A detected hemorrhage region on one slice, in model-input pixels with a top-left origin (the BHX convention).
 *
 * @param label the subtype (never {@link HemorrhageLabel#ANY})
 * @param score objectness × subtype score, in [0, 1]
 * @param x left edge
 * @param y top edge
 * @param width box width
 * @param height box height
 */
public record Box(HemorrhageLabel label, float score, float x, float y, float width, float height) {

    public Box {
        Objects.requireNonNull(label, "label");
        if (label == HemorrhageLabel.ANY) {
            throw new IllegalArgumentException("a box needs a subtype label, not 'any'");
        }
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("box score " + score + " is outside [0, 1]");
        }
        if (!(width >= 0f && height >= 0f) || !Float.isFinite(x) || !Float.isFinite(y)) {
            throw new IllegalArgumentException(
                    "box " + x + "," + y + " " + width + "x" + height + " has a negative or non-finite extent");
        }
    }

    /** Area in square pixels. */
    public float area() {
        return width * height;
    }

    /** Intersection over union with another box (0 when either is empty). */
    public float iou(Box other) {
        float left = Math.max(x, other.x);
        float top = Math.max(y, other.y);
        float right = Math.min(x + width, other.x + other.width);
        float bottom = Math.min(y + height, other.y + other.height);
        float intersection = Math.max(0f, right - left) * Math.max(0f, bottom - top);
        float union = area() + other.area() - intersection;
        return union <= 0f ? 0f : intersection / union;
    }
}
