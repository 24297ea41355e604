package org.ichcds.training;

import java.util.List;

/**
 * Shape of the network: a ResNet v2 backbone (He et al. 2016, "Identity Mappings in Deep Residual Networks") shared by
 * a classifier head and a YOLO-style detection head on the stride-16 feature map, or on a stride-8 map that joins the
 * stride-8 stage with the stride-16 stage upsampled (a finer grid for small lesions), or on both: two grids, each truth
 * box assigned to one of them by its size, as a feature pyramid assigns boxes to its levels (Lin et al. 2017).
 *
 * @param name {@code small} or {@code resnet50v2}
 * @param inputSize square input side in pixels; a multiple of 32 (the backbone's output stride)
 * @param stemWidth channels of the stem convolution
 * @param stemKernel kernel side of the stem convolution (stride 2, then a stride-2 max pool)
 * @param stageWidths base channels of the four stages (strides 4, 8, 16, 32)
 * @param stageBlocks residual blocks per stage
 * @param bottleneck bottleneck blocks (1×1, 3×3, 1×1 with 4× expansion) instead of two 3×3 convolutions
 * @param detectorWidth channels of the detection head's hidden convolution
 * @param detectorStride output stride of the detection head's feature map, 16 or 8: the grid has {@code inputSize /
 *     detectorStride} cells per side
 * @param fineBoxSide 0 for one grid; else the head has a second, stride-8 grid (on the stride-8 stage joined with the
 *     stride-16 stage upsampled), trained on the truth boxes whose larger side is at most this many input pixels (with
 *     {@code detectorStride} 16 only)
 * @param coarseBoxSide with a second grid, the stride-16 grid is trained on the truth boxes whose larger side exceeds
 *     this many input pixels, at most {@code fineBoxSide}: the boxes between the two train both grids (0 with one grid)
 * @param fineDetectorWidth channels of the second grid's hidden convolution, at most {@code detectorWidth}; 0 for
 *     {@code detectorWidth}. Its 3×3 convolution reads the joined stride-8 and stride-16 stages over four times as many
 *     cells as the first grid's, so a narrower one costs much less time per slice
 * @param detectorDepth hidden 3×3 convolutions of the detection head on stride 16 (or of a one-grid head), 1 to
 *     {@value #MAX_DETECTOR_DEPTH}; a second, stride-8 grid's head always has one
 * @param sliceContext each slice's input also carries the windows of its two neighbours: {@value #WINDOWS} × 3
 *     channels (previous slice's, own, next slice's) into the stem instead of {@value #WINDOWS}
 */
public record ModelConfig(
        String name,
        int inputSize,
        int stemWidth,
        int stemKernel,
        List<Integer> stageWidths,
        List<Integer> stageBlocks,
        boolean bottleneck,
        int detectorWidth,
        int detectorStride,
        int fineBoxSide,
        int coarseBoxSide,
        int fineDetectorWidth,
        int detectorDepth,
        boolean sliceContext) {

    /** Window channels per slice: brain, subdural and bone. */
    public static final int WINDOWS = 3;

    /** The detection head's default output stride: the stride-16 stage. */
    public static final int DEFAULT_DETECTOR_STRIDE = 16;

    /**
     * The default size split of a two-grid head, in input pixels: two stride-16 cells. At 256 px from a 512² slice that
     * is about 5 cm of head, so intraventricular boxes and the small ends of the others go to the fine grid and the long
     * crescents stay on the coarse one.
     */
    public static final int DEFAULT_FINE_BOX_SIDE = 32;

    /** The most hidden convolutions a detection head may have. */
    public static final int MAX_DETECTOR_DEPTH = 4;

    /** The stride of a two-grid head's fine grid. */
    public static final int FINE_STRIDE = 8;

    /** A network with one detection grid. */
    public ModelConfig(
            String name,
            int inputSize,
            int stemWidth,
            int stemKernel,
            List<Integer> stageWidths,
            List<Integer> stageBlocks,
            boolean bottleneck,
            int detectorWidth,
            int detectorStride) {
        this(
                name,
                inputSize,
                stemWidth,
                stemKernel,
                stageWidths,
                stageBlocks,
                bottleneck,
                detectorWidth,
                detectorStride,
                0,
                0,
                0,
                1,
                false);
    }

    /** A network with its detection head on the stride-16 stage. */
    public ModelConfig(
            String name,
            int inputSize,
            int stemWidth,
            int stemKernel,
            List<Integer> stageWidths,
            List<Integer> stageBlocks,
            boolean bottleneck,
            int detectorWidth) {
        this(
                name,
                inputSize,
                stemWidth,
                stemKernel,
                stageWidths,
                stageBlocks,
                bottleneck,
                detectorWidth,
                DEFAULT_DETECTOR_STRIDE);
    }

    public ModelConfig {
        if (inputSize < 64 || inputSize > 1024 || inputSize % 32 != 0) {
            throw new IllegalArgumentException("input size " + inputSize + " must be a multiple of 32 in 64..1024");
        }
        stageWidths = List.copyOf(stageWidths);
        stageBlocks = List.copyOf(stageBlocks);
        if (stageWidths.size() != 4 || stageBlocks.size() != 4) {
            throw new IllegalArgumentException(
                    "a ResNet has 4 stages, got widths " + stageWidths + " blocks " + stageBlocks);
        }
        if (stemWidth < 1 || detectorWidth < 1 || stageWidths.contains(0) || stageBlocks.contains(0)) {
            throw new IllegalArgumentException(
                    "widths and block counts must be positive: " + stageWidths + stageBlocks);
        }
        if (detectorStride != 8 && detectorStride != 16) {
            throw new IllegalArgumentException("detector stride " + detectorStride + " is not 8 or 16");
        }
        if (fineBoxSide < 0 || fineBoxSide > inputSize) {
            throw new IllegalArgumentException("fine box side " + fineBoxSide + " is outside 0.." + inputSize);
        }
        if (fineBoxSide > 0 && detectorStride != DEFAULT_DETECTOR_STRIDE) {
            throw new IllegalArgumentException(
                    "a second, stride-8 grid needs the first on stride 16, not " + detectorStride);
        }
        if (coarseBoxSide < 0 || coarseBoxSide > fineBoxSide) {
            throw new IllegalArgumentException("coarse box side " + coarseBoxSide + " is outside 0.." + fineBoxSide
                    + " (the fine box side): every box must train one grid at least");
        }
        if (fineDetectorWidth < 0 || fineDetectorWidth > detectorWidth) {
            throw new IllegalArgumentException("fine detector width " + fineDetectorWidth + " is outside 1.."
                    + detectorWidth + " (the detector width)");
        }
        if (detectorDepth < 1 || detectorDepth > MAX_DETECTOR_DEPTH) {
            throw new IllegalArgumentException(
                    "detector depth " + detectorDepth + " is outside 1.." + MAX_DETECTOR_DEPTH);
        }
        if (fineDetectorWidth > 0 && fineBoxSide == 0) {
            throw new IllegalArgumentException("a fine detector width needs a second, stride-8 grid");
        }
    }

    /** This network with its detection head at another output stride (8 or 16), on one grid. */
    public ModelConfig withDetectorStride(int stride) {
        return withHead(stride, 0, 0, 0, detectorDepth);
    }

    /**
     * This network with a detection head on two grids, stride 16 and stride 8: the boxes whose larger side is at most
     * {@code boxSide} input pixels train the stride-8 grid, those whose larger side exceeds {@code coarseSide} the
     * stride-16 grid.
     */
    public ModelConfig withFineGrid(int boxSide, int coarseSide) {
        return withFineGrid(boxSide, coarseSide, 0);
    }

    /**
     * A two-grid head as {@link #withFineGrid(int, int)}, the stride-8 grid's hidden convolution {@code width} channels
     * wide (0: as wide as the stride-16 grid's).
     */
    public ModelConfig withFineGrid(int boxSide, int coarseSide, int width) {
        if (boxSide < 1) {
            throw new IllegalArgumentException("fine box side " + boxSide + " is not positive");
        }
        return withHead(DEFAULT_DETECTOR_STRIDE, boxSide, coarseSide, width, detectorDepth);
    }

    /** This network with {@code depth} hidden convolutions in the detection head on stride 16 (or its one grid). */
    public ModelConfig withDetectorDepth(int depth) {
        return withHead(detectorStride, fineBoxSide, coarseBoxSide, fineDetectorWidth, depth);
    }

    /** This network reading each slice with its two neighbours ({@code true}) or alone. */
    public ModelConfig withSliceContext(boolean context) {
        return copy(detectorStride, fineBoxSide, coarseBoxSide, fineDetectorWidth, detectorDepth, context);
    }

    /** Channels of the network's input: {@value #WINDOWS}, three times over with slice context. */
    public int inputChannels() {
        return WINDOWS * (sliceContext ? 3 : 1);
    }

    /** A copy with another detection head: every other component kept. */
    private ModelConfig withHead(int stride, int fineSide, int coarseSide, int fineWidth, int depth) {
        return copy(stride, fineSide, coarseSide, fineWidth, depth, sliceContext);
    }

    /** The one copy: another head or input, the backbone kept. */
    private ModelConfig copy(int stride, int fineSide, int coarseSide, int fineWidth, int depth, boolean context) {
        return new ModelConfig(
                name,
                inputSize,
                stemWidth,
                stemKernel,
                stageWidths,
                stageBlocks,
                bottleneck,
                detectorWidth,
                stride,
                fineSide,
                coarseSide,
                fineWidth,
                depth,
                context);
    }

    /** Whether the detection head has a second, stride-8 grid. */
    public boolean hasFineGrid() {
        return fineBoxSide > 0;
    }

    /** Channels of the second grid's hidden convolution (0 without a second grid). */
    public int fineHiddenWidth() {
        return !hasFineGrid() ? 0 : fineDetectorWidth > 0 ? fineDetectorWidth : detectorWidth;
    }

    /** Cells per side of the second, stride-8 grid (0 without one). */
    public int fineGridSize() {
        return hasFineGrid() ? inputSize / FINE_STRIDE : 0;
    }

    /**
     * The CPU-trainable network: basic pre-activation blocks, one per stage.
     *
     * @param width channels of the first stage; later stages double it
     */
    public static ModelConfig small(int inputSize, int width) {
        return new ModelConfig(
                "small",
                inputSize,
                width,
                5,
                List.of(width, 2 * width, 4 * width, 8 * width),
                List.of(1, 1, 1, 1),
                false,
                4 * width);
    }

    /** The default CPU-trainable network. */
    static ModelConfig small() {
        return small(DEFAULT_SMALL_INPUT, DEFAULT_SMALL_WIDTH);
    }

    /** ResNet50V2: 3-4-6-3 bottleneck blocks, 7×7 stem, widths 64..512 (×4 at block outputs). */
    static ModelConfig resnet50v2(int inputSize) {
        return new ModelConfig(
                "resnet50v2", inputSize, 64, 7, List.of(64, 128, 256, 512), List.of(3, 4, 6, 3), true, 256);
    }

    /** A configuration by name, at the given input size (0 = the size's default). */
    public static ModelConfig named(String name, int inputSize) {
        return switch (name) {
            case "small" -> small(inputSize == 0 ? DEFAULT_SMALL_INPUT : inputSize, DEFAULT_SMALL_WIDTH);
            case "resnet50v2" -> resnet50v2(inputSize == 0 ? 256 : inputSize);
            default -> throw new IllegalArgumentException("unknown model size '" + name + "'; use small or resnet50v2");
        };
    }

    /** Cells per side of the detection grid. */
    public int gridSize() {
        return inputSize / detectorStride;
    }

    /** Output channels of a stage's blocks. */
    int stageOutputWidth(int stage) {
        return bottleneck ? 4 * stageWidths.get(stage) : stageWidths.get(stage);
    }

    static final int DEFAULT_SMALL_INPUT = 256;
    static final int DEFAULT_SMALL_WIDTH = 24;
}
