package org.ichcds.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One Adam step (Kingma and Ba; β1 0.9, β2 0.999, ε 1e-8, the defaults of TensorFlow Java's {@code Adam}) whose
 * updates run in a fixed order. TensorFlow Java's {@code Adam} lets each variable's update run as soon as that
 * variable's gradient is ready, while backpropagation to the layers below may still read the variable, and it advances
 * β1^t and β2^t beside the updates that read them; which of them ran first varied from run to run, so two runs with
 * the same seed trained different weights. Here every update waits for every gradient, and the powers advance after
 * every update. The slots keep that class's names ({@code <variable>-m}, {@code <variable>-v}, {@code beta1_power},
 * {@code beta2_power}), so checkpoints written with it still restore.
 */
public final class OrderedAdam {

    static final float BETA_ONE = 0.9f;
    static final float BETA_TWO = 0.999f;
    static final float EPSILON = 1e-8f;

    private OrderedAdam() {}

    /**
     * Wires the step.
     *
     * @param variables the trainable variables
     * @param gradients their gradients, in the same order
     * @param name the name of the returned op
     * @return the op to run as a step's target
     */
    public static Op step(
            Graph graph, float learningRate, List<Variable<TFloat32>> variables, Output<?>[] gradients, String name) {
        if (variables.size() != gradients.length) {
            throw new IllegalArgumentException(variables.size() + " variables but " + gradients.length + " gradients");
        }
        Ops tf = Ops.create(graph);
        Ops init = tf.withInitScope();
        List<Op> computed = new ArrayList<>();
        List<Output<TFloat32>> typed = new ArrayList<>();
        for (Output<?> gradient : gradients) {
            Output<TFloat32> g = floats(gradient);
            typed.add(g);
            computed.add(tf.identity(g));
        }
        Variable<TFloat32> betaOnePower = tf.withName("beta1_power").variable(init.constant(BETA_ONE));
        Variable<TFloat32> betaTwoPower = tf.withName("beta2_power").variable(init.constant(BETA_TWO));
        Ops afterGradients = tf.withControlDependencies(computed);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> variable = variables.get(i);
            String base = variable.asOutput().op().name();
            long[] shape = variable.shape().asArray();
            Variable<TFloat32> m = tf.withName(base + "-m").variable(zeros(init, shape));
            Variable<TFloat32> v = tf.withName(base + "-v").variable(zeros(init, shape));
            updates.add(afterGradients.train.applyAdam(
                    variable,
                    m,
                    v,
                    afterGradients.identity(betaOnePower),
                    afterGradients.identity(betaTwoPower),
                    tf.constant(learningRate),
                    tf.constant(BETA_ONE),
                    tf.constant(BETA_TWO),
                    tf.constant(EPSILON),
                    typed.get(i)));
        }
        Ops afterUpdates = tf.withControlDependencies(updates);
        List<Op> powers = List.of(
                afterUpdates.assign(betaOnePower, afterUpdates.math.mul(betaOnePower, tf.constant(BETA_ONE))),
                afterUpdates.assign(betaTwoPower, afterUpdates.math.mul(betaTwoPower, tf.constant(BETA_TWO))));
        return tf.withName(name).withControlDependencies(powers).noOp();
    }

    private static org.tensorflow.Operand<TFloat32> zeros(Ops init, long[] shape) {
        return init.fill(init.constant(shape), init.constant(0f));
    }

    @SuppressWarnings("unchecked")
    private static Output<TFloat32> floats(Output<?> gradient) {
        if (gradient.type() != TFloat32.class) {
            throw new IllegalArgumentException(
                    "gradient " + gradient.op().name() + " is " + gradient.type() + ", not float32");
        }
        return (Output<TFloat32>) gradient;
    }
}
