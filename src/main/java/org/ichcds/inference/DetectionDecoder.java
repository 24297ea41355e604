package org.ichcds.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns the {@code detections} output of the model contract into boxes, with those of {@code fine_detections}, the
 * stride-8 grid of a two-grid head, when the model has one. A cell holds 11 sigmoid-activated values:
 * objectness, box centre x and y relative to the cell, width and height relative to the image, and the six subtype
 * scores (YOLO v1 encoding, Redmon et al. 2016). A box's score is objectness × subtype score; its width and height are
 * multiplied by the subtype's {@link BoxScale} around the box centre (the manifest's {@code boxScales}).
 */
public final class DetectionDecoder {

    /** Values per grid cell: objectness, x, y, w, h and one score per subtype. */
    public static final int CELL_VALUES = 5 + HemorrhageLabel.SUBTYPE_COUNT;

    private final int inputHeight;
    private final int inputWidth;
    private final float minScore;
    private final NonMaxSuppression nms;
    private final BoxScale[] scales = new BoxScale[HemorrhageLabel.SUBTYPE_COUNT];
    private final BoxGrid[] grids = new BoxGrid[HemorrhageLabel.SUBTYPE_COUNT];

    /** A decoder that keeps every box at the size the detector gives. */
    public DetectionDecoder(int inputHeight, int inputWidth, float minScore, NonMaxSuppression nms) {
        this(inputHeight, inputWidth, minScore, nms, label -> BoxScale.IDENTITY);
    }

    /**
     * @param inputHeight model input height in pixels
     * @param inputWidth model input width in pixels
     * @param minScore boxes scoring below this are dropped before suppression
     * @param nms suppression applied per subtype
     * @param scale each subtype's box correction, e.g. {@link ModelManifest#boxScale}
     */
    public DetectionDecoder(
            int inputHeight,
            int inputWidth,
            float minScore,
            NonMaxSuppression nms,
            Function<HemorrhageLabel, BoxScale> scale) {
        this(inputHeight, inputWidth, minScore, nms, scale, label -> BoxGrid.BOTH);
    }

    /**
     * A decoder whose subtypes read the grids {@code grid} names (e.g. {@link ModelManifest#boxGrid}); with a one-grid
     * head, a subtype set to {@link BoxGrid#FINE} has no boxes, so a model loading such a manifest is refused first.
     */
    public DetectionDecoder(
            int inputHeight,
            int inputWidth,
            float minScore,
            NonMaxSuppression nms,
            Function<HemorrhageLabel, BoxScale> scale,
            Function<HemorrhageLabel, BoxGrid> grid) {
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
        for (int s = 0; s < scales.length; s++) {
            scales[s] = Objects.requireNonNull(scale.apply(HemorrhageLabel.subtype(s)), "box scale");
            grids[s] = Objects.requireNonNull(grid.apply(HemorrhageLabel.subtype(s)), "box grid");
        }
    }

    /**
     * Decodes one slice.
     *
     * @param detections the whole {@code [N, S, S, 11]} output, flattened
     * @param slice which of the N slices
     * @param grid S, the number of cells per side
     */
    public List<Box> decode(float[] detections, int slice, int grid) {
        return decode(detections, slice, grid, null, 0);
    }

    /** Whether some subtype reads only the stride-8 grid, which a one-grid head does not have. */
    public boolean needsFineGrid() {
        for (BoxGrid g : grids) {
            if (g == BoxGrid.FINE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes one slice of a two-grid head: the boxes of both grids, each subtype's from the grids it reads, suppressed
     * together per subtype.
     *
     * @param fine the whole {@code [N, F, F, 11]} stride-8 grid, flattened, or null for a one-grid head
     * @param fineGrid F
     */
    public List<Box> decode(float[] detections, int slice, int grid, float[] fine, int fineGrid) {
        List<Box> boxes = new ArrayList<>();
        addGridBoxes(detections, slice, grid, false, boxes);
        if (fine != null) {
            addGridBoxes(fine, slice, fineGrid, true, boxes);
        }
        return nms.apply(boxes);
    }

    private void addGridBoxes(float[] detections, int slice, int grid, boolean isFine, List<Box> boxes) {
        int cells = grid * grid;
        int base = slice * cells * CELL_VALUES;
        if (grid <= 0 || slice < 0 || base + cells * CELL_VALUES > detections.length) {
            throw new IllegalArgumentException("slice " + slice + " of a " + grid + "x" + grid + " grid is outside "
                    + detections.length + " detection values");
        }
        for (int cell = 0; cell < cells; cell++) {
            addCellBoxes(detections, base + cell * CELL_VALUES, cell / grid, cell % grid, grid, isFine, boxes);
        }
    }

    private void addCellBoxes(float[] d, int at, int row, int col, int grid, boolean isFine, List<Box> out) {
        float objectness = clamp01(d[at]);
        if (objectness < minScore) {
            return;
        }
        float centreX = (col + clamp01(d[at + 1])) / grid * inputWidth;
        float centreY = (row + clamp01(d[at + 2])) / grid * inputHeight;
        float width = clamp01(d[at + 3]) * inputWidth;
        float height = clamp01(d[at + 4]) * inputHeight;
        for (int s = 0; s < HemorrhageLabel.SUBTYPE_COUNT; s++) {
            if (isFine ? !grids[s].readsFine() : !grids[s].readsCoarse()) {
                continue;
            }
            float score = objectness * clamp01(d[at + 5 + s]);
            if (score >= minScore) {
                float w = (float) (width * scales[s].width());
                float h = (float) (height * scales[s].height());
                float left = Math.max(0f, centreX - w / 2);
                float top = Math.max(0f, centreY - h / 2);
                float right = Math.min(inputWidth, centreX + w / 2);
                float bottom = Math.min(inputHeight, centreY + h / 2);
                out.add(new Box(
                        HemorrhageLabel.subtype(s),
                        score,
                        left,
                        top,
                        Math.max(0f, right - left),
                        Math.max(0f, bottom - top)));
            }
        }
    }

    private static float clamp01(float v) {
        // NaN becomes 0: a broken output must not become a confident box
        return v > 0f ? Math.min(v, 1f) : 0f;
    }
}
