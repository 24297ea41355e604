package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ichcds.inference.DetectionDecoder;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The detector's GIoU term and IoU objectness target on a 2 × 2 grid, against values worked out by hand. */
class ModelLossesTest {

    private static final int GRID = 2;
    private static final int C = DetectionDecoder.CELL_VALUES;

    /** Cell (0, 0) holds the predicted box (x, y, w, h) and the target box, cell-relative centres. */
    private static float[][] cells(float[] predicted, float[] truth) {
        float[] p = new float[GRID * GRID * C];
        float[] t = new float[GRID * GRID * C];
        p[0] = 0.9f;
        t[0] = 1f;
        System.arraycopy(predicted, 0, p, 1, 4);
        System.arraycopy(truth, 0, t, 1, 4);
        p[5] = 0.8f;
        t[5] = 1f;
        return new float[][] {p, t};
    }

    @Test
    void theGeneralisedIouOfABoxWithItselfIsOneAndFallsWithOverlapAndDistance() {
        // the same box
        assertThat(giou(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f, 0.5f}))
                .isCloseTo(1f, within(1e-5f));
        // half a box apart (0.5 of a cell = 0.25 of the image): intersection 0.125, union 0.375, IoU 1/3, and the
        // enclosing box is the union, so GIoU = IoU
        assertThat(giou(new float[] {0.25f, 0.5f, 0.5f, 0.5f}, new float[] {0.75f, 0.5f, 0.5f, 0.5f}))
                .isCloseTo(1f / 3, within(1e-5f));
        // disjoint 0.1-wide boxes 0.25 apart: IoU 0, union 0.02, enclosing 0.35 × 0.1, GIoU −0.015/0.035
        assertThat(giou(new float[] {0.25f, 0.5f, 0.1f, 0.1f}, new float[] {0.75f, 0.5f, 0.1f, 0.1f}))
                .isCloseTo(-0.015f / 0.035f, within(1e-5f));
    }

    @Test
    void theIouTermAddsItsWeightTimesOneMinusGiouOfTheResponsibleCellsOnly() {
        float[][] cells = cells(new float[] {0.25f, 0.5f, 0.5f, 0.5f}, new float[] {0.75f, 0.5f, 0.5f, 0.5f});
        float[] logits = logits(cells[0]);
        float[] responsible = new float[GRID * GRID];
        responsible[0] = 1f;
        float plain = detectionLoss(logits, cells[1], responsible, 0f);
        float weighted = detectionLoss(logits, cells[1], responsible, 2f);
        assertThat(weighted - plain).isCloseTo(2f * (1 - 1f / 3), within(1e-4f));
        // no responsible cell: no box terms, so the weight adds nothing
        float[] none = new float[GRID * GRID];
        assertThat(detectionLoss(logits, cells[1], none, 2f))
                .isCloseTo(detectionLoss(logits, cells[1], none, 0f), within(1e-6f));
    }

    @Test
    void theIouOfABoxWithItselfIsOneAndOfBoxesHalfABoxApartOneThird() {
        assertThat(iou(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f, 0.5f}))
                .isCloseTo(1f, within(1e-5f));
        assertThat(iou(new float[] {0.25f, 0.5f, 0.5f, 0.5f}, new float[] {0.75f, 0.5f, 0.5f, 0.5f}))
                .isCloseTo(1f / 3, within(1e-5f));
        // disjoint: 0, where the GIoU is negative
        assertThat(iou(new float[] {0.25f, 0.5f, 0.1f, 0.1f}, new float[] {0.75f, 0.5f, 0.1f, 0.1f}))
                .isCloseTo(0f, within(1e-6f));
    }

    @Test
    void withTheIouTargetAResponsibleCellsObjectnessIsTrainedTowardsItsBoxsIouAndTheBoxIsNotMovedByIt() {
        float[][] cells = cells(new float[] {0.25f, 0.5f, 0.5f, 0.5f}, new float[] {0.75f, 0.5f, 0.5f, 0.5f});
        float[] logits = logits(cells[0]);
        float[] responsible = new float[GRID * GRID];
        responsible[0] = 1f;
        float presence = detectionLoss(logits, cells[1], responsible, 0f, ObjectnessTarget.PRESENCE);
        float quality = detectionLoss(logits, cells[1], responsible, 0f, ObjectnessTarget.IOU);
        // softplus(l) − l·z: the target falls from 1 to the IoU 1/3, so the term rises by l·(1 − 1/3)
        float l = logits[0];
        assertThat(quality - presence).isCloseTo(l * (1 - 1f / 3), within(1e-4f));
        // no truth box: every objectness target is 0 either way
        float[] none = new float[GRID * GRID];
        float[] empty = cells[1].clone();
        empty[0] = 0f;
        assertThat(detectionLoss(logits, empty, none, 0f, ObjectnessTarget.IOU))
                .isCloseTo(detectionLoss(logits, empty, none, 0f, ObjectnessTarget.PRESENCE), within(1e-6f));
        // the IoU is a fixed target: the box logits get the same gradient as with presence, the objectness another
        float[] gradPresence = gradient(logits, cells[1], responsible, ObjectnessTarget.PRESENCE);
        float[] gradQuality = gradient(logits, cells[1], responsible, ObjectnessTarget.IOU);
        for (int v = 1; v < C; v++) {
            assertThat(gradQuality[v]).as("value %d", v).isCloseTo(gradPresence[v], within(1e-6f));
        }
        // d/dl of softplus(l) − l·z is sigmoid(l) − z
        assertThat(gradPresence[0]).isCloseTo(0.9f - 1f, within(1e-4f));
        assertThat(gradQuality[0]).isCloseTo(0.9f - 1f / 3, within(1e-4f));
    }

    private static float[] logits(float[] probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            float p = Math.min(Math.max(probabilities[i], 1e-4f), 1 - 1e-4f);
            logits[i] = (float) Math.log(p / (1 - p));
        }
        return logits;
    }

    /** The gradient of the detection loss with respect to cell (0, 0)'s logits. */
    private static float[] gradient(float[] logits, float[] target, float[] responsible, ObjectnessTarget objectness) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> l = tf.reshape(tf.constant(logits), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> t = tf.reshape(tf.constant(target), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> r = tf.reshape(tf.constant(responsible), tf.constant(new long[] {1, GRID, GRID, 1}));
            Operand<TFloat32> loss = new ModelLosses(tf, GRID, 0f, objectness).detection(l, t, r);
            Output<?>[] grads = graph.addGradients(loss.asOutput(), new Output<?>[] {l.asOutput()});
            @SuppressWarnings("unchecked")
            Operand<TFloat32> g = (Operand<TFloat32>) grads[0];
            try (Session session = new Session(graph);
                    Result result = session.runner()
                            .fetch(tf.reshape(g, tf.constant(new long[] {-1})))
                            .run()) {
                TFloat32 out = (TFloat32) result.get(0);
                float[] cell = new float[C];
                for (int v = 0; v < C; v++) {
                    cell[v] = out.getFloat(v);
                }
                return cell;
            }
        }
    }

    private static float iou(float[] predicted, float[] truth) {
        float[][] cells = cells(predicted, truth);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> p = tf.reshape(tf.constant(cells[0]), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> t = tf.reshape(tf.constant(cells[1]), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> iou = new ModelLosses(tf, GRID, 0f, ObjectnessTarget.IOU).iou(p, t);
            return first(graph, tf.reshape(iou, tf.constant(new long[] {-1})));
        }
    }

    private static float giou(float[] predicted, float[] truth) {
        float[][] cells = cells(predicted, truth);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> p = tf.reshape(tf.constant(cells[0]), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> t = tf.reshape(tf.constant(cells[1]), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> giou = new ModelLosses(tf, GRID, 1f, ObjectnessTarget.PRESENCE).generalisedIou(p, t);
            return first(graph, tf.reshape(giou, tf.constant(new long[] {-1})));
        }
    }

    private static float detectionLoss(float[] logits, float[] target, float[] responsible, float weight) {
        return detectionLoss(logits, target, responsible, weight, ObjectnessTarget.PRESENCE);
    }

    private static float detectionLoss(
            float[] logits, float[] target, float[] responsible, float weight, ObjectnessTarget objectness) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> l = tf.reshape(tf.constant(logits), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> t = tf.reshape(tf.constant(target), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> r = tf.reshape(tf.constant(responsible), tf.constant(new long[] {1, GRID, GRID, 1}));
            Operand<TFloat32> loss = new ModelLosses(tf, GRID, weight, objectness).detection(l, t, r);
            return first(graph, tf.reshape(loss, tf.constant(new long[] {-1})));
        }
    }

    private static float first(Graph graph, Operand<TFloat32> values) {
        try (Session session = new Session(graph);
                Result result = session.runner().fetch(values).run()) {
            TFloat32 out = (TFloat32) result.get(0);
            assertThat(out.shape()).isNotEqualTo(Shape.scalar());
            return out.getFloat(0);
        }
    }
}
