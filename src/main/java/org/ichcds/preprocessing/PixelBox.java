package org.ichcds.preprocessing;

/**
 * An axis-aligned box in pixel coordinates, top-left origin (the BHX convention): pixel (c, r) covers [c, c+1) x
 * [r, r+1), so a box around pixels x0..x1 is {@code (x0, y0, x1 - x0 + 1, y1 - y0 + 1)}.
 */
public record PixelBox(double x, double y, double width, double height) {}
