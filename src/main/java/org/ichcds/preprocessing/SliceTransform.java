package org.ichcds.preprocessing;

/**
 * Maps between a slice's original pixel coordinates and model-input coordinates: {@code original = origin +
 * model * scale} on both axes (the crop is square and the scale isotropic, so the aspect ratio is kept).
 *
 * @param originX original x of model coordinate 0
 * @param originY original y of model coordinate 0
 * @param scale original pixels per model pixel
 * @param size model input size
 * @param columns original columns
 * @param rows original rows
 */
public record SliceTransform(double originX, double originY, double scale, int size, int columns, int rows) {

    /** The box in model-input coordinates. */
    public PixelBox toModel(PixelBox original) {
        return new PixelBox(
                (original.x() - originX) / scale,
                (original.y() - originY) / scale,
                original.width() / scale,
                original.height() / scale);
    }

    /** The box in original pixel coordinates, clipped to the image. */
    public PixelBox toOriginal(PixelBox model) {
        double x0 = clamp(originX + model.x() * scale, columns);
        double y0 = clamp(originY + model.y() * scale, rows);
        double x1 = clamp(originX + (model.x() + model.width()) * scale, columns);
        double y1 = clamp(originY + (model.y() + model.height()) * scale, rows);
        return new PixelBox(x0, y0, x1 - x0, y1 - y0);
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
