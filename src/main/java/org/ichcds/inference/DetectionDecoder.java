package org.ichcds.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code detections} output of the model contract into boxes. A cell holds 11 sigmoid-activated values:
 * objectness, box centre x and y relative to the cell, width and height relative to the image, and the six subtype
 * scores (YOLO v1 encoding, Redmon et al. 2016). A box's score is objectness × subtype score.
 */
public final class DetectionDecoder {

    /** Values per grid cell: objectness, x, y, w, h and one score per subtype. */
    public static final int CELL_VALUES = 5 + HemorrhageLabel.SUBTYPE_COUNT;

    private final int inputHeight;
    private final int inputWidth;
    private final float minScore;
    private final NonMaxSuppression nms;

    /**
     * @param inputHeight model input height in pixels
     * @param inputWidth model input width in pixels
     * @param minScore boxes scoring below this are dropped before suppression
     * @param nms suppression applied per subtype
     */
    public DetectionDecoder(int inputHeight, int inputWidth, float minScore, NonMaxSuppression nms) {
        if (inputHeight <= 0 || inputWidth <= 0) {
            throw new IllegalArgumentException("input size " + inputHeight + "x" + inputWidth + " is not positive");
        }
        if (!(minScore >= 0f && minScore <= 1f)) {
            throw new IllegalArgumentException("minimum box score " + minScore + " is outside [0, 1]");
        }
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
        this.minScore = minScore;
        this.nms = nms;
    }

    /**
     * Decodes one slice.
     *
     * @param detections the whole {@code [N, S, S, 11]} output, flattened
     * @param slice which of the N slices
     * @param grid S, the number of cells per side
     */
    public List<Box> decode(float[] detections, int slice, int grid) {
        int cells = grid * grid;
        int base = slice * cells * CELL_VALUES;
        if (grid <= 0 || slice < 0 || base + cells * CELL_VALUES > detections.length) {
            throw new IllegalArgumentException("slice " + slice + " of a " + grid + "x" + grid + " grid is outside "
                    + detections.length + " detection values");
        }
        List<Box> boxes = new ArrayList<>();
        for (int cell = 0; cell < cells; cell++) {
            addCellBoxes(detections, base + cell * CELL_VALUES, cell / grid, cell % grid, grid, boxes);
        }
        return nms.apply(boxes);
    }

    private void addCellBoxes(float[] d, int at, int row, int col, int grid, List<Box> out) {
        float objectness = clamp01(d[at]);
        if (objectness < minScore) {
            return;
        }
        float centreX = (col + clamp01(d[at + 1])) / grid * inputWidth;
        float centreY = (row + clamp01(d[at + 2])) / grid * inputHeight;
        float width = clamp01(d[at + 3]) * inputWidth;
        float height = clamp01(d[at + 4]) * inputHeight;
        float left = Math.max(0f, centreX - width / 2);
        float top = Math.max(0f, centreY - height / 2);
        float right = Math.min(inputWidth, centreX + width / 2);
        float bottom = Math.min(inputHeight, centreY + height / 2);
        for (int s = 0; s < HemorrhageLabel.SUBTYPE_COUNT; s++) {
            float score = objectness * clamp01(d[at + 5 + s]);
            if (score >= minScore) {
                out.add(new Box(HemorrhageLabel.subtype(s), score, left, top, right - left, bottom - top));
            }
        }
    }

    private static float clamp01(float v) {
        // NaN becomes 0: a broken output must not become a confident box
        return v > 0f ? Math.min(v, 1f) : 0f;
    }
}
