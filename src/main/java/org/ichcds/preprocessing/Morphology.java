package org.ichcds.preprocessing;

/** Binary morphology on small grids: square dilation/erosion by summed-area tables, flood fills, components. */
final class Morphology {

    private Morphology() {}

    static boolean[] dilate(boolean[] in, int w, int h, int r) {
        int[] sat = summedArea(in, w, h);
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = boxSum(sat, w, h, x - r, y - r, x + r, y + r) > 0;
            }
        }
        return out;
    }

    static boolean[] erode(boolean[] in, int w, int h, int r) {
        int[] sat = summedArea(in, w, h);
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - r);
                int y0 = Math.max(0, y - r);
                int x1 = Math.min(w - 1, x + r);
                int y1 = Math.min(h - 1, y + r);
                out[y * w + x] = boxSum(sat, w, h, x0, y0, x1, y1) == (x1 - x0 + 1) * (y1 - y0 + 1);
            }
        }
        return out;
    }

    /** Pixels connected (4-neighbours) to the border through pixels where {@code wall} is false. */
    static boolean[] reachableFromBorder(boolean[] wall, int w, int h) {
        boolean[] seen = new boolean[w * h];
        int[] queue = new int[w * h];
        int tail = 0;
        for (int x = 0; x < w; x++) {
            tail = push(wall, seen, queue, tail, x);
            tail = push(wall, seen, queue, tail, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            tail = push(wall, seen, queue, tail, y * w);
            tail = push(wall, seen, queue, tail, y * w + w - 1);
        }
        for (int head = 0; head < tail; head++) {
            int i = queue[head];
            int x = i % w;
            if (x > 0) tail = push(wall, seen, queue, tail, i - 1);
            if (x < w - 1) tail = push(wall, seen, queue, tail, i + 1);
            if (i >= w) tail = push(wall, seen, queue, tail, i - w);
            if (i < (h - 1) * w) tail = push(wall, seen, queue, tail, i + w);
        }
        return seen;
    }

    static boolean[] fillHoles(boolean[] mask, int w, int h) {
        boolean[] outside = reachableFromBorder(mask, w, h);
        boolean[] out = new boolean[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = !outside[i];
        }
        return out;
    }

    /** Keeps the 4-connected components with at least {@code minArea} pixels and a mean value in [lo, hi]. */
    static boolean[] keepComponents(boolean[] mask, float[] values, int w, int h, int minArea, double lo, double hi) {
        boolean[] seen = new boolean[w * h];
        boolean[] out = new boolean[w * h];
        int[] queue = new int[w * h];
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            double sum = 0;
            for (int head = 0; head < tail; head++) {
                int i = queue[head];
                sum += values[i];
                int x = i % w;
                if (x > 0 && mask[i - 1] && !seen[i - 1]) {
                    seen[i - 1] = true;
                    queue[tail++] = i - 1;
                }
                if (x < w - 1 && mask[i + 1] && !seen[i + 1]) {
                    seen[i + 1] = true;
                    queue[tail++] = i + 1;
                }
                if (i >= w && mask[i - w] && !seen[i - w]) {
                    seen[i - w] = true;
                    queue[tail++] = i - w;
                }
                if (i < (h - 1) * w && mask[i + w] && !seen[i + w]) {
                    seen[i + w] = true;
                    queue[tail++] = i + w;
                }
            }
            double mean = sum / tail;
            if (tail >= minArea && mean >= lo && mean <= hi) {
                for (int q = 0; q < tail; q++) {
                    out[queue[q]] = true;
                }
            }
        }
        return out;
    }

    private static int push(boolean[] wall, boolean[] seen, int[] queue, int tail, int i) {
        if (wall[i] || seen[i]) {
            return tail;
        }
        seen[i] = true;
        queue[tail] = i;
        return tail + 1;
    }

    private static int[] summedArea(boolean[] in, int w, int h) {
        int[] sat = new int[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            int row = 0;
            for (int x = 0; x < w; x++) {
                row += in[y * w + x] ? 1 : 0;
                sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
            }
        }
        return sat;
    }

    private static int boxSum(int[] sat, int w, int h, int x0, int y0, int x1, int y1) {
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(w - 1, x1);
        y1 = Math.min(h - 1, y1);
        int W = w + 1;
        return sat[(y1 + 1) * W + x1 + 1] - sat[y0 * W + x1 + 1] - sat[(y1 + 1) * W + x0] + sat[y0 * W + x0];
    }
}
