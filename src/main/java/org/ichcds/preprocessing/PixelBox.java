package org.ichcds.preprocessing;

/**
 * The geometry of an axis-aligned box, in pixel coordinates with a top-left origin (the BHX convention): pixel (c, r)
 * covers [c, c+1) x [r, r+1), so a box around pixels x0..x1 is {@code (x0, y0, x1 - x0 + 1, y1 - y0 + 1)}. It has
 * neither label nor score; {@link SliceTransform} maps it between a slice's own pixels and model-input pixels. The box
 * types built on it are listed with their coordinate spaces in docs/architecture.md (Boxes).
 */
public record PixelBox(double x, double y, double width, double height) {}
