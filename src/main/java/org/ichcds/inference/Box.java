package org.ichcds.inference;

/**
 * A hemorrhage region on one slice in <b>model-input pixels</b> (the {@code [H, W]} grid the model sees after crop and
 * resampling), top-left origin (the BHX convention): what the detector predicts, and, with score 1, what training
 * teaches it ({@link #truth}). The one box type of this coordinate space; docs/architecture.md (Boxes) lists the
 * types of the other space, the slice's own pixels.
 *
 * @param label the subtype (never {@link HemorrhageLabel#ANY})
 * @param score objectness × subtype score, in [0, 1]; 1 for a truth box
 * @param x left edge
 * @param y top edge
 * @param width box width
 * @param height box height
 */
public record Box(HemorrhageLabel label, float score, float x, float y, float width, float height) {

    public Box {
        HemorrhageLabel.requireSubtype(label);
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("box score " + score + " is outside [0, 1]");
        }
        if (!(width >= 0f && height >= 0f) || !Float.isFinite(x) || !Float.isFinite(y)) {
            throw new IllegalArgumentException(
                    "box " + x + "," + y + " " + width + "x" + height + " has a negative or non-finite extent");
        }
    }

    /**
     * A labelled truth box (score 1), as training uses them: BHX boxes rescaled to the model input.
     *
     * @throws IllegalArgumentException when it is empty or starts off the image
     */
    public static Box truth(HemorrhageLabel label, float x, float y, float width, float height) {
        if (!(width > 0 && height > 0) || !(x >= 0 && y >= 0)) {
            throw new IllegalArgumentException(
                    "truth box at " + x + "," + y + " size " + width + "x" + height + " is empty or off the image");
        }
        return new Box(label, 1f, x, y, width, height);
    }

    /** Area in square pixels. */
    float area() {
        return width * height;
    }

    /** Intersection over union with another box (0 when either is empty). */
    float iou(Box other) {
        float left = Math.max(x, other.x);
        float top = Math.max(y, other.y);
        float right = Math.min(x + width, other.x + other.width);
        float bottom = Math.min(y + height, other.y + other.height);
        float intersection = Math.max(0f, right - left) * Math.max(0f, bottom - top);
        float union = area() + other.area() - intersection;
        return union <= 0f ? 0f : intersection / union;
    }
}
