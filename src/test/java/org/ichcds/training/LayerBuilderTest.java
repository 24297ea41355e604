package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LayerBuilderTest {

    /**
     * The strided 1×1 convolution is built as a strided slice and a stride-1 convolution (to keep oneDNN's faulty
     * kernel out of training); it must give what TensorFlow's strided convolution gives, forward and backward, on
     * even and odd sides.
     */
    @Test
    void aStridedOneByOneConvolutionEqualsTensorFlowsOwn() {
        for (int[] hw : new int[][] {{8, 8}, {7, 9}}) {
            try (Graph graph = new Graph()) {
                Ops tf = Ops.create(graph);
                LayerBuilder layers = new LayerBuilder(tf, 3, 0.99f);
                Operand<TFloat32> x = tf.constant(random(2, hw[0], hw[1], 4));
                Operand<TFloat32> ours = layers.conv("shortcut", x, 1, 4, 8, 2);
                Operand<TFloat32> kernel = layers.trainableVariables().get(0);
                Operand<TFloat32> theirs = tf.nn.conv2d(x, kernel, List.of(1L, 2L, 2L, 1L), "SAME");
                Operand<TFloat32> ourLoss = tf.math.mean(tf.math.square(ours), tf.constant(new int[] {0, 1, 2, 3}));
                Operand<TFloat32> theirLoss = tf.math.mean(tf.math.square(theirs), tf.constant(new int[] {0, 1, 2, 3}));
                var ourGradient = tf.gradients(ourLoss, List.of(kernel)).dy(0);
                var theirGradient = tf.gradients(theirLoss, List.of(kernel)).dy(0);
                try (Session session = new Session(graph)) {
                    session.initialize();
                    try (Result r = session.runner()
                            .fetch(ours)
                            .fetch(theirs)
                            .fetch(ourGradient)
                            .fetch(theirGradient)
                            .run()) {
                        assertThat(r.get(0).shape()).isEqualTo(r.get(1).shape());
                        assertThat(r.get(0).shape()).isEqualTo(Shape.of(2, (hw[0] + 1) / 2, (hw[1] + 1) / 2, 8));
                        assertClose(values(r, 0), values(r, 1));
                        assertClose(values(r, 2), values(r, 3));
                    }
                }
            }
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f + 1e-5f * Math.abs(expected[i])));
        }
    }

    private static float[] values(Result result, int index) {
        TFloat32 t = (TFloat32) result.get(index);
        float[] out = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(out);
        return out;
    }

    private static org.tensorflow.ndarray.FloatNdArray random(int n, int h, int w, int c) {
        Random random = new Random(n * 31L + h);
        var array = org.tensorflow.ndarray.NdArrays.ofFloats(Shape.of(n, h, w, c));
        array.scalars().forEach(s -> s.setFloat(random.nextFloat() * 2 - 1));
        return array;
    }
}
