package org.ichcds.inference;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Left-right mirroring of model inputs and of the detection grid, for test-time augmentation (and for training's
 * flips, which mirror the same way). The head is near-symmetric about the midsagittal plane and a hemorrhage may lie on
 * either side, so a mirrored slice is as plausible to the network as the original.
 */
public final class TestTimeFlip {

    private TestTimeFlip() {}

    /**
     * Mirrors one {@code height × width × channels} slice of an NHWC array in place, starting at {@code offset}; every
     * channel (a neighbour's too, with slice context) the same way.
     */
    public static void mirrorSlice(float[] nhwc, int offset, int height, int width, int channels) {
        for (int row = 0; row < height; row++) {
            int rowStart = offset + row * width * channels;
            for (int left = 0, right = width - 1; left < right; left++, right--) {
                for (int c = 0; c < channels; c++) {
                    int a = rowStart + left * channels + c;
                    int b = rowStart + right * channels + c;
                    float t = nhwc[a];
                    nhwc[a] = nhwc[b];
                    nhwc[b] = t;
                }
            }
        }
    }

    /**
     * The slices of a series that run mirrored too: every one when {@code share} is null, otherwise the {@code ⌈share ×
     * count⌉} to which the plain pass gave the highest {@code any} probability (the earlier slice on a tie), in slice
     * order.
     *
     * @param probabilities the plain pass's {@code count × 7} probabilities
     */
    static int[] chosen(float[] probabilities, int count, Double share) {
        if (share == null) {
            return IntStream.range(0, count).toArray();
        }
        // the small allowance keeps 0.3 × 10 at 3 slices, not 4
        int take = (int) Math.min(count, Math.ceil(share * count - 1e-9));
        return IntStream.range(0, count)
                .boxed()
                .sorted(Comparator.comparingDouble(
                                (Integer i) -> probabilities[i * HemorrhageLabel.COUNT + HemorrhageLabel.ANY.ordinal()])
                        .reversed()
                        .thenComparingInt(i -> i))
                .limit(take)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }

    /** Mirrored copies of some slices: slice {@code slices[j]} of {@code nhwc} becomes slice {@code j}. */
    static float[] mirrored(float[] nhwc, int[] slices, int height, int width, int channels) {
        int sliceValues = height * width * channels;
        float[] out = new float[slices.length * sliceValues];
        for (int j = 0; j < slices.length; j++) {
            System.arraycopy(nhwc, slices[j] * sliceValues, out, j * sliceValues, sliceValues);
            mirrorSlice(out, j * sliceValues, height, width, channels);
        }
        return out;
    }

    /**
     * Replaces row {@code slices[j]} of {@code values} ({@code width} values a row) by its mean with row {@code j} of
     * the mirrored pass: probabilities or embeddings, which do not depend on the side.
     */
    static void meanInto(float[] values, float[] mirrored, int[] slices, int width) {
        for (int j = 0; j < slices.length; j++) {
            int row = slices[j] * width;
            for (int k = 0; k < width; k++) {
                values[row + k] = (values[row + k] + mirrored[j * width + k]) / 2f;
            }
        }
    }

    /**
     * Merges the mirrored pass's detection grid {@code j} into grid {@code slices[j]} of {@code grids} (each {@code S ×
     * S × }{@value DetectionDecoder#CELL_VALUES}), in the original's orientation. The mirrored pass's cell {@code (row,
     * S−1−col)} covers the original's cell {@code (row, col)} and its centre offset x becomes {@code 1 − x}. Objectness
     * is the mean of the two cells; the box and the subtype scores are the two cells' values weighted by their
     * objectness, so that the score of a subtype's box (objectness × subtype score) is the mean of the two passes'
     * scores and the box comes mostly from the pass that is surer of it.
     */
    static void mergeGridsInto(float[] grids, float[] mirrored, int[] slices, int grid) {
        int values = DetectionDecoder.CELL_VALUES;
        int sliceValues = grid * grid * values;
        for (int j = 0; j < slices.length; j++) {
            for (int row = 0; row < grid; row++) {
                for (int col = 0; col < grid; col++) {
                    int a = slices[j] * sliceValues + (row * grid + col) * values;
                    int b = j * sliceValues + (row * grid + (grid - 1 - col)) * values;
                    float oa = grids[a];
                    float ob = mirrored[b];
                    float total = oa + ob;
                    float wa = total > 0 ? oa / total : 0.5f;
                    float wb = 1f - wa;
                    grids[a] = total / 2f;
                    grids[a + 1] = wa * grids[a + 1] + wb * (1f - mirrored[b + 1]);
                    for (int v = 2; v < values; v++) {
                        grids[a + v] = wa * grids[a + v] + wb * mirrored[b + v];
                    }
                }
            }
        }
    }
}
