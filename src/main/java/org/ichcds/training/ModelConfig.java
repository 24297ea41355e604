package org.ichcds.training;

import java.util.List;

/**
 * Shape of the network: a ResNet v2 backbone (He et al. 2016, "Identity Mappings in Deep Residual Networks") shared by
 * a classifier head and a YOLO-style detection head on the stride-16 feature map, or on a stride-8 map that joins the
 * stride-8 stage with the stride-16 stage upsampled (a finer grid for small lesions).
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
        int detectorStride) {

    /** The detection head's default output stride: the stride-16 stage. */
    public static final int DEFAULT_DETECTOR_STRIDE = 16;

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
    }

    /** This network with its detection head at another output stride (8 or 16). */
    public ModelConfig withDetectorStride(int stride) {
        return new ModelConfig(
                name, inputSize, stemWidth, stemKernel, stageWidths, stageBlocks, bottleneck, detectorWidth, stride);
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
