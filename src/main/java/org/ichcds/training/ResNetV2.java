package org.ichcds.training;

import org.ichcds.inference.DetectionDecoder;
import org.ichcds.inference.HemorrhageLabel;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The network: a pre-activation ResNet backbone (He et al. 2016, "Identity Mappings in Deep Residual Networks"; the
 * layout of Keras' ResNet50V2) with a classifier head on the last stage and a YOLO v1-style detection head (Redmon et
 * al. 2016) on the stride-16 stage, or, for a finer grid, on the stride-8 stage joined with the stride-16 stage upsampled
 * (the top-down merge of a feature pyramid, Lin et al. 2017), or on both as two grids, the stride-16 head named as the
 * one-grid head's layers (so that it starts from a one-grid model's head) and the stride-8 one apart. Each call to
 * {@link #build} wires one pass over the shared variables.
 */
final class ResNetV2 {

    /**
     * Raw (pre-sigmoid) outputs of one pass, and the pooled features {@code [N, C]} the classifier reads (what a
     * sequence head over the slices of a series takes as their embeddings).
     *
     * @param fineDetection the stride-8 grid of a two-grid head, else null
     */
    record Logits(
            Operand<TFloat32> classification,
            Operand<TFloat32> detection,
            Operand<TFloat32> embeddings,
            Operand<TFloat32> fineDetection) {}

    /** Prefix of the layers of a two-grid head's stride-8 grid; within {@link TrainerOptions#DETECTOR_PREFIX}. */
    static final String FINE_DETECTOR_PREFIX = TrainerOptions.DETECTOR_PREFIX + "fine_";

    // prior probability 0.01 for a cell to hold a hemorrhage (RetinaNet's prior initialisation, Lin et al. 2017):
    // keeps the many empty cells from dominating the first steps
    private static final float OBJECTNESS_PRIOR_LOGIT = -4.6f;

    private final ModelConfig config;

    ResNetV2(ModelConfig config) {
        this.config = config;
    }

    /** Wires one pass; {@code image} is {@code [N, H, W, 3]} in [0, 1] ({@code [N, H, W, 9]} with slice context). */
    Logits build(LayerBuilder layers, Operand<TFloat32> image) {
        Ops tf = layers.tf();
        // [0, 1] -> [-1, 1], the range ResNetV2 was designed for
        Operand<TFloat32> x = tf.math.sub(tf.math.mul(image, tf.constant(2f)), tf.constant(1f));
        x = layers.conv("stem", x, config.stemKernel(), config.inputChannels(), config.stemWidth(), 2);
        x = layers.bias("stem", x, new float[config.stemWidth()]);
        x = tf.nn.maxPool(x, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
        int channels = config.stemWidth();
        Operand<TFloat32> stride8 = null;
        Operand<TFloat32> stride16 = null;
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < config.stageBlocks().get(stage); block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String name = "stage" + (stage + 1) + "_block" + (block + 1);
                x = config.bottleneck()
                        ? bottleneckBlock(
                                layers, name, x, channels, config.stageWidths().get(stage), stride)
                        : basicBlock(
                                layers, name, x, channels, config.stageWidths().get(stage), stride);
                channels = config.stageOutputWidth(stage);
            }
            if (stage == 1) {
                stride8 = x;
            } else if (stage == 2) {
                stride16 = x;
            }
        }
        Operand<TFloat32> pooled = pooledFeatures(layers, x, channels);
        Operand<TFloat32> classification = layers.dense("classifier", pooled, channels, HemorrhageLabel.COUNT, 0f);
        String prefix = TrainerOptions.DETECTOR_PREFIX;
        if (config.detectorStride() == 8) {
            return new Logits(
                    classification,
                    joinedDetector(layers, prefix, stride8, stride16, config.detectorWidth(), config.detectorDepth()),
                    pooled,
                    null);
        }
        Operand<TFloat32> coarse = detector(
                layers, prefix, stride16, config.stageOutputWidth(2), config.detectorWidth(), config.detectorDepth());
        Operand<TFloat32> fine = config.hasFineGrid()
                ? joinedDetector(layers, FINE_DETECTOR_PREFIX, stride8, stride16, config.fineHiddenWidth(), 1)
                : null;
        return new Logits(classification, coarse, pooled, fine);
    }

    /** A detection head on the stride-8 stage joined with the stride-16 stage upsampled. */
    private Operand<TFloat32> joinedDetector(
            LayerBuilder layers,
            String prefix,
            Operand<TFloat32> stride8,
            Operand<TFloat32> stride16,
            int hidden,
            int depth) {
        Ops tf = layers.tf();
        return detector(
                layers,
                prefix,
                tf.concat(java.util.List.of(stride8, upsampleTwice(tf, stride16)), tf.constant(3)),
                config.stageOutputWidth(1) + config.stageOutputWidth(2),
                hidden,
                depth);
    }

    private Operand<TFloat32> basicBlock(
            LayerBuilder l, String name, Operand<TFloat32> x, int in, int out, int stride) {
        Operand<TFloat32> preact = l.bnRelu(name + "_preact", x, in);
        Operand<TFloat32> shortcut =
                stride != 1 || in != out ? l.conv(name + "_shortcut", preact, 1, in, out, stride) : x;
        Operand<TFloat32> y = l.conv(name + "_conv1", preact, 3, in, out, stride);
        y = l.bnRelu(name + "_bn1", y, out);
        y = l.conv(name + "_conv2", y, 3, out, out, 1);
        return l.tf().math.add(shortcut, y);
    }

    private Operand<TFloat32> bottleneckBlock(
            LayerBuilder l, String name, Operand<TFloat32> x, int in, int width, int stride) {
        int out = 4 * width;
        Operand<TFloat32> preact = l.bnRelu(name + "_preact", x, in);
        Operand<TFloat32> shortcut =
                stride != 1 || in != out ? l.conv(name + "_shortcut", preact, 1, in, out, stride) : x;
        Operand<TFloat32> y = l.conv(name + "_conv1", preact, 1, in, width, 1);
        y = l.bnRelu(name + "_bn1", y, width);
        y = l.conv(name + "_conv2", y, 3, width, width, stride);
        y = l.bnRelu(name + "_bn2", y, width);
        y = l.conv(name + "_conv3", y, 1, width, out, 1);
        return l.tf().math.add(shortcut, y);
    }

    /** Post batch-norm, ReLU and global average pooling: the classifier's input. */
    private Operand<TFloat32> pooledFeatures(LayerBuilder l, Operand<TFloat32> x, int channels) {
        Operand<TFloat32> features = l.bnRelu("post", x, channels);
        return l.tf().math.mean(features, l.tf().constant(new int[] {1, 2}));
    }

    /**
     * Nearest-neighbour upsampling by 2 of {@code [N, H, W, C]}: each value repeated over a 2×2 block, by a reshape and
     * a broadcast product (ops whose gradients TensorFlow's C++ registry has).
     */
    private Operand<TFloat32> upsampleTwice(Ops tf, Operand<TFloat32> x) {
        int side = config.inputSize() / 16;
        int channels = config.stageOutputWidth(2);
        Operand<TFloat32> spread = tf.reshape(x, tf.constant(new long[] {-1, side, 1, side, 1, channels}));
        Operand<TFloat32> ones = tf.ones(tf.constant(new long[] {1, 1, 2, 1, 2, 1}), TFloat32.class);
        return tf.reshape(tf.math.mul(spread, ones), tf.constant(new long[] {-1, 2 * side, 2 * side, channels}));
    }

    private Operand<TFloat32> detector(
            LayerBuilder l, String d, Operand<TFloat32> x, int channels, int hidden, int depth) {
        // every layer of a detection head is named with a prefix starting with TrainerOptions.DETECTOR_PREFIX, which
        // `train --trainable detector` trains alone
        Operand<TFloat32> y = l.bnRelu(d + "preact", x, channels);
        y = l.conv(d + "conv1", y, 3, channels, hidden, 1);
        y = l.bnRelu(d + "bn1", y, hidden);
        // further hidden convolutions are named conv2, bn2, ...: a head of depth 1 keeps the names it always had
        for (int k = 2; k <= depth; k++) {
            y = l.conv(d + "conv" + k, y, 3, hidden, hidden, 1);
            y = l.bnRelu(d + "bn" + k, y, hidden);
        }
        y = l.conv(d + "out", y, 1, hidden, DetectionDecoder.CELL_VALUES, 1);
        float[] bias = new float[DetectionDecoder.CELL_VALUES];
        bias[0] = OBJECTNESS_PRIOR_LOGIT;
        return l.bias(d + "out", y, bias);
    }
}
