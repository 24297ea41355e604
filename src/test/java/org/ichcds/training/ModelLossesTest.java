package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ichcds.inference.DetectionDecoder;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The detector's GIoU term on a 2 × 2 grid, against values worked out by hand. */
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
        float[] logits = new float[cells[0].length];
        for (int i = 0; i < logits.length; i++) {
            float p = Math.min(Math.max(cells[0][i], 1e-4f), 1 - 1e-4f);
            logits[i] = (float) Math.log(p / (1 - p));
        }
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

    private static float giou(float[] predicted, float[] truth) {
        float[][] cells = cells(predicted, truth);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> p = tf.reshape(tf.constant(cells[0]), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> t = tf.reshape(tf.constant(cells[1]), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> giou = new ModelLosses(tf, GRID, 1f).generalisedIou(p, t);
            return first(graph, tf.reshape(giou, tf.constant(new long[] {-1})));
        }
    }

    private static float detectionLoss(float[] logits, float[] target, float[] responsible, float weight) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> l = tf.reshape(tf.constant(logits), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> t = tf.reshape(tf.constant(target), tf.constant(new long[] {1, GRID, GRID, C}));
            Operand<TFloat32> r = tf.reshape(tf.constant(responsible), tf.constant(new long[] {1, GRID, GRID, 1}));
            Operand<TFloat32> loss = new ModelLosses(tf, GRID, weight).detection(l, t, r);
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
