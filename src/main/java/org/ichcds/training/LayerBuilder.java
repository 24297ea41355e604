package org.ichcds.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Builds layers from raw TensorFlow ops (TensorFlow Java has no layers API). Variables are created once by name and
 * shared between passes, so the same weights can be wired into a training pass (batch statistics, moving averages
 * updated) and an inference pass (moving averages used). Names are flat because the optimizer derives slot names
 * from them and rejects '/'.
 */
final class LayerBuilder {

    // Keras' BatchNormalization epsilon for ResNetV2
    private static final float BN_EPSILON = 1.001e-5f;

    private final Ops tf;
    private final Ops init;
    private final long seed;
    private final float bnMomentum;
    private final Predicate<String> trains;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final List<Variable<TFloat32>> trainable = new ArrayList<>();
    private final List<Op> statisticsUpdates = new ArrayList<>();
    private boolean training;
    // the moving averages' decay, fed per step when the averages are recomputed ({@link Trainer})
    private Operand<TFloat32> momentum;

    LayerBuilder(Ops tf, long seed, float bnMomentum) {
        this(tf, seed, bnMomentum, name -> true);
    }

    /**
     * @param trains which layers the training pass trains, by name: the others' variables are left out of {@link
     *     #trainableVariables}, and their batch norm runs on its moving averages in every pass, with no update
     */
    LayerBuilder(Ops tf, long seed, float bnMomentum, Predicate<String> trains) {
        this.tf = tf;
        this.init = tf.withInitScope();
        this.seed = seed;
        this.bnMomentum = bnMomentum;
        this.trains = trains;
    }

    Ops tf() {
        return tf;
    }

    /** Selects the pass being built: batch statistics (true) or moving averages (false) in batch norm. */
    void training(boolean training) {
        this.training = training;
    }

    /** Every variable of the network by name: weights and batch-norm moving averages, no optimizer state. */
    Map<String, Variable<TFloat32>> variables() {
        return java.util.Collections.unmodifiableMap(variables);
    }

    List<Variable<TFloat32>> trainableVariables() {
        return List.copyOf(trainable);
    }

    /** Moving-average assignments of the training pass; run them with every optimizer step. */
    List<Op> statisticsUpdates() {
        return List.copyOf(statisticsUpdates);
    }

    /** SAME-padded convolution without bias, He-normal initialised (He et al. 2015). */
    Operand<TFloat32> conv(String name, Operand<TFloat32> x, int kernel, int in, int out, int stride) {
        float stddev = (float) Math.sqrt(2.0 / (kernel * kernel * in));
        Variable<TFloat32> w =
                variable(name + "_kernel", true, i -> truncatedNormal(i, Shape.of(kernel, kernel, in, out), stddev));
        if (kernel == 1 && stride > 1) {
            // A strided 1×1 convolution only reads every stride-th pixel: take those pixels, then convolve at
            // stride 1. The result (and its gradient) is the SAME-padded strided convolution's, but it keeps the
            // weight gradient off oneDNN's strided 1×1 backward-weights kernel, which writes past its buffer when
            // a layer has fewer input channels than its vector block (oneDNN issue 6035: below 16 channels on
            // AVX-512, below 8 on AVX2) and corrupts the native heap.
            x = everyNthPixel(x, stride);
            stride = 1;
        }
        long s = stride;
        return tf.nn.conv2d(x, w, List.of(1L, s, s, 1L), "SAME");
    }

    /** {@code x[:, ::stride, ::stride, :]}: the pixels a SAME-padded 1×1 convolution of this stride reads. */
    private Operand<TFloat32> everyNthPixel(Operand<TFloat32> x, int stride) {
        int all = 0b1111; // begin and end masks over N, H, W, C: from the start to the end of every axis
        return tf.stridedSlice(
                x,
                tf.constant(new int[] {0, 0, 0, 0}),
                tf.constant(new int[] {0, 0, 0, 0}),
                tf.constant(new int[] {1, stride, stride, 1}),
                StridedSlice.beginMask((long) all),
                StridedSlice.endMask((long) all));
    }

    /** Adds a per-channel bias, initialised to the given values. */
    Operand<TFloat32> bias(String name, Operand<TFloat32> x, float[] initial) {
        Variable<TFloat32> b = variable(name + "_bias", true, i -> i.constant(initial));
        return tf.nn.biasAdd(x, b);
    }

    /** Batch normalisation over the channel axis, then ReLU: the pre-activation unit of ResNet v2. */
    Operand<TFloat32> bnRelu(String name, Operand<TFloat32> x, int channels) {
        return tf.nn.relu(batchNorm(name, x, channels));
    }

    Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
        Shape shape = Shape.of(channels);
        Variable<TFloat32> gamma = variable(name + "_gamma", true, i -> i.fill(i.constant(shape), i.constant(1f)));
        Variable<TFloat32> beta = variable(name + "_beta", true, i -> i.fill(i.constant(shape), i.constant(0f)));
        Variable<TFloat32> mean =
                variable(name + "_moving_mean", false, i -> i.fill(i.constant(shape), i.constant(0f)));
        Variable<TFloat32> var =
                variable(name + "_moving_variance", false, i -> i.fill(i.constant(shape), i.constant(1f)));
        if (!training || !trains.test(name)) {
            return tf.nn.fusedBatchNorm(
                            x,
                            gamma,
                            beta,
                            mean,
                            var,
                            FusedBatchNorm.epsilon(BN_EPSILON),
                            FusedBatchNorm.isTraining(false))
                    .y();
        }
        Operand<TFloat32> empty = tf.constant(new float[0]);
        FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(
                x, gamma, beta, empty, empty, FusedBatchNorm.epsilon(BN_EPSILON), FusedBatchNorm.isTraining(true));
        statisticsUpdates.add(movingAverage(mean, bn.batchMean()));
        statisticsUpdates.add(movingAverage(var, bn.batchVariance()));
        return bn.y();
    }

    /** Fully connected layer with bias. */
    Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out, float biasInit) {
        float stddev = (float) Math.sqrt(1.0 / in);
        Variable<TFloat32> w = variable(name + "_kernel", true, i -> truncatedNormal(i, Shape.of(in, out), stddev));
        float[] b = new float[out];
        java.util.Arrays.fill(b, biasInit);
        return bias(name, tf.linalg.matMul(x, w), b);
    }

    private Op movingAverage(Variable<TFloat32> average, Operand<TFloat32> batchValue) {
        Operand<TFloat32> m = momentum();
        Operand<TFloat32> kept = tf.math.mul(average, m);
        Operand<TFloat32> added = tf.math.mul(batchValue, tf.math.sub(tf.constant(1f), m));
        return tf.assign(average, tf.math.add(kept, added));
    }

    /**
     * The decay of the batch-norm moving averages: the configured momentum unless another value is fed, as {@link
     * Trainer#recomputeBatchNormStatistics} does to average batches with equal weights.
     */
    Operand<TFloat32> momentum() {
        if (momentum == null) {
            momentum = tf.withName("bn_momentum").placeholderWithDefault(tf.constant(bnMomentum), Shape.scalar());
        }
        return momentum;
    }

    private Variable<TFloat32> variable(String name, boolean isTrainable, Function<Ops, Operand<TFloat32>> initial) {
        Variable<TFloat32> existing = variables.get(name);
        if (existing != null) {
            return existing;
        }
        Variable<TFloat32> created = tf.withName(name).variable(initial.apply(init));
        variables.put(name, created);
        if (isTrainable && trains.test(name)) {
            trainable.add(created);
        }
        return created;
    }

    private Operand<TFloat32> truncatedNormal(Ops ops, Shape shape, float stddev) {
        // stateless with a per-variable seed: the same seed gives the same initial network on every machine
        long[] seeds = {seed, variables.size()};
        Operand<TFloat32> unit =
                ops.random.statelessTruncatedNormal(ops.constant(shape.asArray()), ops.constant(seeds));
        return ops.math.mul(unit, ops.constant(stddev));
    }
}
