package org.ichcds.inference;

/**
 * Left-right mirroring of model inputs and of the detection grid, for test-time augmentation (and for training's
 * flips, which mirror the same way). The head is near-symmetric about the midsagittal plane and a hemorrhage may lie on
 * either side, so a mirrored slice is as plausible to the network as the original.
 */
public final class TestTimeFlip {

    private TestTimeFlip() {}

    /** Mirrors one {@code height × width × 3} slice of an NHWC array in place, starting at {@code offset}. */
    public static void mirrorSlice(float[] nhwc, int offset, int height, int width) {
        for (int row = 0; row < height; row++) {
            int rowStart = offset + row * width * 3;
            for (int left = 0, right = width - 1; left < right; left++, right--) {
                for (int c = 0; c < 3; c++) {
                    int a = rowStart + left * 3 + c;
                    int b = rowStart + right * 3 + c;
                    float t = nhwc[a];
                    nhwc[a] = nhwc[b];
                    nhwc[b] = t;
                }
            }
        }
    }

    /**
     * The inputs of {@code size} slices followed by the same slices mirrored: {@code 2 × size} slices.
     *
     * @param first index of the first slice of {@code nhwc} to take
     */
    static float[] withMirrored(float[] nhwc, int first, int size, int height, int width) {
        int sliceValues = height * width * 3;
        float[] both = new float[2 * size * sliceValues];
        System.arraycopy(nhwc, first * sliceValues, both, 0, size * sliceValues);
        System.arraycopy(nhwc, first * sliceValues, both, size * sliceValues, size * sliceValues);
        for (int i = 0; i < size; i++) {
            mirrorSlice(both, (size + i) * sliceValues, height, width);
        }
        return both;
    }

    /**
     * Per slice, the mean of the first {@code size} rows of {@code values} ({@code 2·size × width}) and of the
     * matching rows of the mirrored pass: probabilities or embeddings, which do not depend on the side.
     */
    static float[] meanOfPasses(float[] values, int size, int width) {
        float[] mean = new float[size * width];
        for (int i = 0; i < size * width; i++) {
            mean[i] = (values[i] + values[size * width + i]) / 2f;
        }
        return mean;
    }

    /**
     * Merges the detection grids of both passes ({@code 2·size × S × S × }{@value DetectionDecoder#CELL_VALUES}) into
     * one grid per slice, in the original's orientation. The mirrored pass's cell {@code (row, S−1−col)} covers the
     * original's cell {@code (row, col)} and its centre offset x becomes {@code 1 − x}. Objectness is the mean of the
     * two cells; the box and the subtype scores are the two cells' values weighted by their objectness, so that the
     * score of a subtype's box (objectness × subtype score) is the mean of the two passes' scores and the box comes
     * mostly from the pass that is surer of it.
     */
    static float[] mergeGrids(float[] grids, int size, int grid) {
        int values = DetectionDecoder.CELL_VALUES;
        int sliceValues = grid * grid * values;
        float[] merged = new float[size * sliceValues];
        for (int i = 0; i < size; i++) {
            for (int row = 0; row < grid; row++) {
                for (int col = 0; col < grid; col++) {
                    int a = i * sliceValues + (row * grid + col) * values;
                    int b = (size + i) * sliceValues + (row * grid + (grid - 1 - col)) * values;
                    float oa = grids[a];
                    float ob = grids[b];
                    float total = oa + ob;
                    float wa = total > 0 ? oa / total : 0.5f;
                    float wb = 1f - wa;
                    merged[a] = total / 2f;
                    merged[a + 1] = wa * grids[a + 1] + wb * (1f - grids[b + 1]);
                    for (int v = 2; v < values; v++) {
                        merged[a + v] = wa * grids[a + v] + wb * grids[b + v];
                    }
                }
            }
        }
        return merged;
    }
}
