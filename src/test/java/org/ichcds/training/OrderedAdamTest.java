package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class OrderedAdamTest {

    private static final float LR = 0.1f;

    /** Three steps on sum((a - t)²) + sum((b - a)²) against Adam computed by hand (bias-corrected, ε 1e-8). */
    @Test
    void stepsAreAdamsWithThePowersAdvancingOncePerStep() {
        float[] target = {1f, -2f};
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Variable<TFloat32> a = tf.withName("a").variable(tf.withInitScope().constant(new float[] {0f, 0f}));
            Variable<TFloat32> b = tf.withName("b").variable(tf.withInitScope().constant(new float[] {0.5f, 0.5f}));
            Operand<TFloat32> loss = tf.math.add(
                    tf.sum(tf.math.square(tf.math.sub(a, tf.constant(target))), tf.constant(0)),
                    tf.sum(tf.math.square(tf.math.sub(b, a)), tf.constant(0)));
            Output<?>[] gradients = graph.addGradients(loss.asOutput(), new Output<?>[] {a.asOutput(), b.asOutput()});
            Op step = OrderedAdam.step(graph, LR, List.of(a, b), gradients, "step");
            assertThat(graph.operation("a-m")).isNotNull();
            assertThat(graph.operation("b-v")).isNotNull();
            assertThat(graph.operation("beta1_power")).isNotNull();

            double[] wa = {0, 0};
            double[] wb = {0.5, 0.5};
            double[][] m = new double[4][1];
            double[][] v = new double[4][1];
            try (Session session = new Session(graph)) {
                session.initialize();
                for (int t = 1; t <= 3; t++) {
                    session.runner().addTarget(step).run();
                    double[] g = new double[4];
                    for (int i = 0; i < 2; i++) {
                        g[i] = 2 * (wa[i] - target[i]) - 2 * (wb[i] - wa[i]);
                        g[2 + i] = 2 * (wb[i] - wa[i]);
                    }
                    double lrT = LR * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                    for (int k = 0; k < 4; k++) {
                        m[k][0] = 0.9 * m[k][0] + 0.1 * g[k];
                        v[k][0] = 0.999 * v[k][0] + 0.001 * g[k] * g[k];
                        double delta = lrT * m[k][0] / (Math.sqrt(v[k][0]) + 1e-8);
                        if (k < 2) {
                            wa[k] -= delta;
                        } else {
                            wb[k - 2] -= delta;
                        }
                    }
                    try (Result r = session.runner().fetch(a).fetch(b).run()) {
                        TFloat32 ra = (TFloat32) r.get(0);
                        TFloat32 rb = (TFloat32) r.get(1);
                        for (int i = 0; i < 2; i++) {
                            assertThat((double) ra.getFloat(i))
                                    .as("a[%d] after step %d", i, t)
                                    .isCloseTo(wa[i], within(1e-5));
                            assertThat((double) rb.getFloat(i))
                                    .as("b[%d] after step %d", i, t)
                                    .isCloseTo(wb[i], within(1e-5));
                        }
                    }
                }
                try (Result r = session.runner()
                        .fetch("beta1_power")
                        .fetch("beta2_power")
                        .run()) {
                    assertThat((double) ((TFloat32) r.get(0)).getFloat()).isCloseTo(Math.pow(0.9, 4), within(1e-6));
                    assertThat((double) ((TFloat32) r.get(1)).getFloat()).isCloseTo(Math.pow(0.999, 4), within(1e-6));
                }
            }
        }
    }
}
