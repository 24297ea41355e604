package org.ichcds.training;

import org.ichcds.inference.DetectionDecoder;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The training objective: weighted multi-label cross-entropy for the classifier plus a YOLO v1 loss for the grid. */
final class ModelLosses {

    // RSNA 2019 metric: 'any' weighs 2, every subtype 1 (chronic, the BHX label, like the subtypes)
    static final float[] LABEL_WEIGHTS = {2f, 1f, 1f, 1f, 1f, 1f, 1f};
    // YOLO v1 (Redmon et al. 2016): box terms ×5, empty-cell objectness ×0.5
    static final float COORD_WEIGHT = 5f;
    static final float EMPTY_CELL_WEIGHT = 0.5f;
    // keeps d sqrt(p)/dp finite where sigmoid(p) underflows to 0
    private static final float SQRT_EPSILON = 1e-6f;

    private final Ops tf;

    ModelLosses(Ops tf) {
        this.tf = tf;
    }

    /** Numerically stable binary cross-entropy on logits: softplus(x) − x·z. */
    Operand<TFloat32> binaryCrossEntropy(Operand<TFloat32> logits, Operand<TFloat32> targets) {
        return tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, targets));
    }

    /** Weighted mean over labels (normalised by the weight sum, as the RSNA metric), mean over the batch. */
    Operand<TFloat32> classification(Operand<TFloat32> logits, Operand<TFloat32> labels) {
        float weightSum = 0;
        for (float w : LABEL_WEIGHTS) {
            weightSum += w;
        }
        Operand<TFloat32> weighted =
                tf.math.mul(binaryCrossEntropy(logits, labels), tf.constant(new float[][] {LABEL_WEIGHTS}));
        Operand<TFloat32> perSlice = tf.math.div(tf.sum(weighted, tf.constant(1)), tf.constant(weightSum));
        return tf.math.mean(perSlice, tf.constant(0));
    }

    /**
     * YOLO loss summed over the grid, mean over the batch.
     *
     * @param logits raw {@code [N, S, S, 11]} head output
     * @param target {@code [N, S, S, 11]}: objectness, cell-relative x, y, image-relative w, h, subtype multi-hot
     * @param responsible {@code [N, S, S, 1]}: 1 where a truth box's centre falls in the cell
     */
    Operand<TFloat32> detection(Operand<TFloat32> logits, Operand<TFloat32> target, Operand<TFloat32> responsible) {
        Operand<TFloat32> bce = binaryCrossEntropy(logits, target);
        Operand<TFloat32> p = tf.math.sigmoid(logits);
        Operand<TFloat32> cellWeight = tf.math.add(
                responsible, tf.math.mul(tf.math.sub(tf.constant(1f), responsible), tf.constant(EMPTY_CELL_WEIGHT)));
        Operand<TFloat32> objectness = masked(bce, channels(0, 1), cellWeight);
        Operand<TFloat32> centre = masked(tf.math.square(tf.math.sub(p, target)), channels(1, 3), responsible);
        Operand<TFloat32> size =
                masked(tf.math.square(tf.math.sub(sqrt(p), sqrt(target))), channels(3, 5), responsible);
        Operand<TFloat32> subtype = masked(bce, channels(5, DetectionDecoder.CELL_VALUES), responsible);
        Operand<TFloat32> box = tf.math.mul(tf.math.add(centre, size), tf.constant(COORD_WEIGHT));
        Operand<TFloat32> perImage = tf.math.add(tf.math.add(objectness, box), subtype);
        return tf.math.mean(perImage, tf.constant(0));
    }

    /** Sum over cells and channels of {@code values × channelMask × cellMask}, one value per image. */
    private Operand<TFloat32> masked(
            Operand<TFloat32> values, Operand<TFloat32> channelMask, Operand<TFloat32> cellMask) {
        Operand<TFloat32> m = tf.math.mul(tf.math.mul(values, channelMask), cellMask);
        return tf.sum(m, tf.constant(new int[] {1, 2, 3}));
    }

    private Operand<TFloat32> channels(int from, int to) {
        float[] mask = new float[DetectionDecoder.CELL_VALUES];
        for (int c = from; c < to; c++) {
            mask[c] = 1f;
        }
        return tf.constant(mask);
    }

    private Operand<TFloat32> sqrt(Operand<TFloat32> x) {
        return tf.math.sqrt(tf.math.add(x, tf.constant(SQRT_EPSILON)));
    }
}
