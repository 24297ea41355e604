package org.ichcds.inference;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A correction of one subtype's detected box size, fitted after training on studies the networks never saw
 * ({@code calibrate}): the detector's width and height are multiplied by these factors around the box centre. A
 * detector trained on one mixture of lesion shapes can learn a box that is systematically too wide or too tall for a
 * subtype (thin crescents, say); the study probabilities are untouched.
 *
 * @param width factor on the box width, in [{@value #MIN}, {@value #MAX}]
 * @param height factor on the box height, in [{@value #MIN}, {@value #MAX}]
 */
public record BoxScale(double width, double height) {

    /** The smallest factor a manifest may hold. */
    public static final double MIN = 0.25;

    /** The largest factor a manifest may hold. */
    public static final double MAX = 4.0;

    /** No correction. */
    public static final BoxScale IDENTITY = new BoxScale(1, 1);

    public BoxScale {
        if (!(width >= MIN && width <= MAX) || !(height >= MIN && height <= MAX)) {
            throw new IllegalArgumentException(
                    "box scale width " + width + " height " + height + " is outside " + MIN + ".." + MAX);
        }
    }

    /** Whether it leaves boxes as the detector gives them. */
    @JsonIgnore
    public boolean isIdentity() {
        return width == 1 && height == 1;
    }

    /** This correction applied after another one: the factors multiply, held within {@value #MIN} … {@value #MAX}. */
    public BoxScale after(BoxScale first) {
        return new BoxScale(bounded(width * first.width), bounded(height * first.height));
    }

    private static double bounded(double factor) {
        return Math.max(MIN, Math.min(MAX, factor));
    }
}
