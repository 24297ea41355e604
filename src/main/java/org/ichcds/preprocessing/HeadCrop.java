package org.ichcds.preprocessing;

import org.ichcds.dicom.CtVolume;

/**
 * The square region that holds the head in every slice: on a coarse grid, the largest connected region above
 * -300 HU of each slice (so the table and headrest, separate objects, are left out), united over the volume,
 * squared around its centre with a 4% margin. One crop for the whole volume keeps neighbouring slices aligned.
 */
final class HeadCrop {

    private static final int TISSUE_HU = -300;
    private static final int GRID = 128;

    /** Crop as {x0, y0, side} in original pixels; the whole image if no head is found. */
    static double[] of(CtVolume volume) {
        int rows = volume.rows();
        int cols = volume.columns();
        int step = Math.max(1, Math.max(rows, cols) / GRID);
        int w = cols / step;
        int h = rows / step;
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (CtVolume.CtSlice slice : volume.slices()) {
            boolean[] tissue = new boolean[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    tissue[y * w + x] = slice.hu()[(y * step) * cols + x * step] > TISSUE_HU;
                }
            }
            int[] box = largestComponentBox(tissue, w, h);
            if (box != null) {
                x0 = Math.min(x0, box[0] * step);
                y0 = Math.min(y0, box[1] * step);
                x1 = Math.max(x1, box[2] * step + step - 1);
                y1 = Math.max(y1, box[3] * step + step - 1);
            }
        }
        if (x1 < 0) {
            return new double[] {0, 0, Math.max(rows, cols)};
        }
        double side = Math.max(x1 - x0 + 1, y1 - y0 + 1) * 1.04;
        double cx = (x0 + x1 + 1) / 2.0;
        double cy = (y0 + y1 + 1) / 2.0;
        return new double[] {cx - side / 2, cy - side / 2, side};
    }

    /** Bounding box {x0, y0, x1, y1} of the largest 4-connected component, or null if there is none. */
    private static int[] largestComponentBox(boolean[] mask, int w, int h) {
        boolean[] seen = new boolean[w * h];
        int[] queue = new int[w * h];
        int[] best = null;
        int bestSize = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            int[] box = {w, h, -1, -1};
            for (int head = 0; head < tail; head++) {
                int i = queue[head];
                int x = i % w;
                int y = i / w;
                box[0] = Math.min(box[0], x);
                box[1] = Math.min(box[1], y);
                box[2] = Math.max(box[2], x);
                box[3] = Math.max(box[3], y);
                int[] next = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1};
                for (int n : next) {
                    if (n >= 0 && mask[n] && !seen[n]) {
                        seen[n] = true;
                        queue[tail++] = n;
                    }
                }
            }
            if (tail > bestSize) {
                bestSize = tail;
                best = box;
            }
        }
        return best;
    }
}
