package org.ichcds.training;

import org.ichcds.inference.DetectionDecoder;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The training objective: weighted multi-label cross-entropy for the classifier plus a YOLO v1 loss for the grid,
 * optionally with a generalised-IoU term on the boxes (Rezatofighi et al. 2019), which rewards the overlap that box AP
 * counts rather than the squared error of each coordinate, and optionally with the responsible cells' objectness trained
 * towards their box's IoU ({@link ObjectnessTarget#IOU}).
 */
final class ModelLosses {

    // RSNA 2019 metric: 'any' weighs 2, every subtype 1 (chronic, the BHX label, like the subtypes)
    static final float[] LABEL_WEIGHTS = {2f, 1f, 1f, 1f, 1f, 1f, 1f};
    // YOLO v1 (Redmon et al. 2016): box terms ×5, empty-cell objectness ×0.5
    static final float COORD_WEIGHT = 5f;
    static final float EMPTY_CELL_WEIGHT = 0.5f;
    // keeps d sqrt(p)/dp finite where sigmoid(p) underflows to 0
    private static final float SQRT_EPSILON = 1e-6f;

    // keeps the IoU of two empty boxes defined
    private static final float IOU_EPSILON = 1e-7f;

    private final Ops tf;
    private final int grid;
    private final float iouWeight;
    private final ObjectnessTarget objectnessTarget;

    /** The YOLO v1 loss alone. */
    ModelLosses(Ops tf) {
        this(tf, 1, 0f, ObjectnessTarget.PRESENCE);
    }

    /**
     * @param grid S, the cells per side (the centre offsets are relative to a cell, the sizes to the image)
     * @param iouWeight weight of {@code 1 − GIoU} of each responsible cell's box against its truth; 0 = none
     * @param objectness what a responsible cell's objectness is trained towards
     */
    ModelLosses(Ops tf, int grid, float iouWeight, ObjectnessTarget objectness) {
        this.tf = tf;
        this.grid = grid;
        this.iouWeight = iouWeight;
        this.objectnessTarget = objectness;
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
        Operand<TFloat32> objectness = objectnessTarget == ObjectnessTarget.IOU
                ? iouObjectness(logits, p, target, responsible, cellWeight)
                : masked(bce, channels(0, 1), cellWeight);
        Operand<TFloat32> centre = masked(tf.math.square(tf.math.sub(p, target)), channels(1, 3), responsible);
        Operand<TFloat32> size =
                masked(tf.math.square(tf.math.sub(sqrt(p), sqrt(target))), channels(3, 5), responsible);
        Operand<TFloat32> subtype = masked(bce, channels(5, DetectionDecoder.CELL_VALUES), responsible);
        Operand<TFloat32> box = tf.math.mul(tf.math.add(centre, size), tf.constant(COORD_WEIGHT));
        Operand<TFloat32> perImage = tf.math.add(tf.math.add(objectness, box), subtype);
        if (iouWeight > 0) {
            Operand<TFloat32> cells = tf.sum(responsible, tf.constant(3));
            Operand<TFloat32> giou = tf.math.mul(
                    tf.sum(
                            tf.math.mul(tf.math.sub(tf.constant(1f), generalisedIou(p, target)), cells),
                            tf.constant(new int[] {1, 2})),
                    tf.constant(iouWeight));
            perImage = tf.math.add(perImage, giou);
        }
        return tf.math.mean(perImage, tf.constant(0));
    }

    /**
     * Objectness cross-entropy with a responsible cell's target the IoU of its predicted box with its truth box (0
     * elsewhere), held constant in the gradient so that it moves the objectness alone, not the box; one value per
     * image.
     */
    private Operand<TFloat32> iouObjectness(
            Operand<TFloat32> logits,
            Operand<TFloat32> p,
            Operand<TFloat32> target,
            Operand<TFloat32> responsible,
            Operand<TFloat32> cellWeight) {
        Operand<TFloat32> quality = tf.stopGradient(tf.math.mul(iou(p, target), tf.sum(responsible, tf.constant(3))));
        Operand<TFloat32> logit = channel(logits, 0);
        Operand<TFloat32> bce = tf.math.sub(tf.math.softplus(logit), tf.math.mul(logit, quality));
        return tf.sum(tf.math.mul(bce, tf.sum(cellWeight, tf.constant(3))), tf.constant(new int[] {1, 2}));
    }

    /** IoU of each cell's predicted box with its target box, {@code [N, S, S]}, compared as {@link #generalisedIou}. */
    Operand<TFloat32> iou(Operand<TFloat32> p, Operand<TFloat32> target) {
        return overlap(p, target)[0];
    }

    /**
     * GIoU of each cell's predicted box with its target box, {@code [N, S, S]}. Both boxes of a cell share the cell's
     * corner, so their centres are compared as offsets within the cell, in image units ({@code offset / S}).
     */
    Operand<TFloat32> generalisedIou(Operand<TFloat32> p, Operand<TFloat32> target) {
        Operand<TFloat32>[] o = overlap(p, target);
        return tf.math.sub(o[0], tf.math.div(tf.math.sub(o[2], o[1]), o[2]));
    }

    /** The IoU, the union and the enclosing box's area of each cell's two boxes, each {@code [N, S, S]}. */
    @SuppressWarnings("unchecked")
    private Operand<TFloat32>[] overlap(Operand<TFloat32> p, Operand<TFloat32> target) {
        Operand<TFloat32>[] a = corners(p);
        Operand<TFloat32>[] b = corners(target);
        Operand<TFloat32> interWidth = positive(tf.math.sub(tf.math.minimum(a[2], b[2]), tf.math.maximum(a[0], b[0])));
        Operand<TFloat32> interHeight = positive(tf.math.sub(tf.math.minimum(a[3], b[3]), tf.math.maximum(a[1], b[1])));
        Operand<TFloat32> inter = tf.math.mul(interWidth, interHeight);
        Operand<TFloat32> union =
                tf.math.add(tf.math.sub(tf.math.add(area(a), area(b)), inter), tf.constant(IOU_EPSILON));
        Operand<TFloat32> enclosing = tf.math.add(
                tf.math.mul(
                        tf.math.sub(tf.math.maximum(a[2], b[2]), tf.math.minimum(a[0], b[0])),
                        tf.math.sub(tf.math.maximum(a[3], b[3]), tf.math.minimum(a[1], b[1]))),
                tf.constant(IOU_EPSILON));
        return new Operand[] {tf.math.div(inter, union), union, enclosing};
    }

    /** left, top, right, bottom of each cell's box in image units, each {@code [N, S, S]}. */
    @SuppressWarnings("unchecked")
    private Operand<TFloat32>[] corners(Operand<TFloat32> cell) {
        Operand<TFloat32> x = tf.math.div(channel(cell, 1), tf.constant((float) grid));
        Operand<TFloat32> y = tf.math.div(channel(cell, 2), tf.constant((float) grid));
        Operand<TFloat32> halfWidth = tf.math.mul(channel(cell, 3), tf.constant(0.5f));
        Operand<TFloat32> halfHeight = tf.math.mul(channel(cell, 4), tf.constant(0.5f));
        return new Operand[] {
            tf.math.sub(x, halfWidth), tf.math.sub(y, halfHeight), tf.math.add(x, halfWidth), tf.math.add(y, halfHeight)
        };
    }

    private Operand<TFloat32> area(Operand<TFloat32>[] box) {
        return tf.math.mul(tf.math.sub(box[2], box[0]), tf.math.sub(box[3], box[1]));
    }

    private Operand<TFloat32> positive(Operand<TFloat32> x) {
        return tf.math.maximum(x, tf.constant(0f));
    }

    /** One channel of {@code [N, S, S, C]} as {@code [N, S, S]}. */
    private Operand<TFloat32> channel(Operand<TFloat32> cells, int c) {
        return tf.sum(tf.math.mul(cells, channels(c, c + 1)), tf.constant(3));
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
