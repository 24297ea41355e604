package org.ichcds.training.sequence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.inference.HemorrhageLabel;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The sequence head: a temporal convolution over the slices of a series, as the leading RSNA 2019 solutions refined
 * per-slice CNN features with their neighbours. The series' embeddings {@code [1, S, E]} are standardised (mean and
 * scale of the training embeddings, fixed) and laid out as an image of height {@code S} and width 1. Two {@code [3,
 * 1]} convolutions with ReLU (the second added as a residual) let each slice see two neighbours on each side; a
 * {@code [1, 1]} convolution of their output is added to a linear read of the slice's own embedding, giving the refined
 * slice logits {@code [1, S, 7]}; the study logit {@code [1, 7]} is the highest refined slice logit of each label.
 * Only Conv2D, BiasAdd, ReLU, Add, Squeeze, ExpandDims and Max, whose gradients TensorFlow Java has in graph mode;
 * every convolution has stride 1; {@code S} is free.
 */
final class SequenceHeadNetwork {

    /**
     * Raw outputs of one pass over one series.
     *
     * @param slices refined slice logits {@code [1, S, 7]}
     * @param study study logits {@code [1, 7]}
     * @param correction what the neighbours add to each slice's own read, {@code [1, S, 7]}
     */
    record Logits(Operand<TFloat32> slices, Operand<TFloat32> study, Operand<TFloat32> correction) {}

    /** Prefix of the variables of the slice's own read, which {@link SequenceHeadConfig#fixedSliceRead()} keeps. */
    private static final String OWN_READ = "sequence_slice_linear";

    private final SequenceHeadConfig config;
    private final SliceClassifier start;
    private final Ops tf;
    private final Ops init;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

    /**
     * @param start the slice classifier the head starts from (the slice's own read set to it, what the neighbours add
     *     set to zero), or {@code null} for He-initialised weights throughout
     */
    SequenceHeadNetwork(Ops tf, SequenceHeadConfig config, SliceClassifier start) {
        if (start != null && start.embeddingWidth() != config.embeddingWidth()) {
            throw new IllegalArgumentException("a slice classifier of width " + start.embeddingWidth()
                    + " cannot start a head over embeddings of width " + config.embeddingWidth());
        }
        this.tf = tf;
        this.init = tf.withInitScope();
        this.config = config;
        this.start = start;
    }

    /** Every variable, in creation order. */
    List<Variable<TFloat32>> variables() {
        return new ArrayList<>(variables.values());
    }

    /** The variables training changes: all but the slice's own read when the config fixes it. */
    List<Variable<TFloat32>> trainableVariables() {
        List<Variable<TFloat32>> trainable = new ArrayList<>();
        variables.forEach((name, v) -> {
            if (!(config.fixedSliceRead() && name.startsWith(OWN_READ + "_"))) {
                trainable.add(v);
            }
        });
        return trainable;
    }

    /** Wires the pass onto {@code embeddings}, {@code [1, S, E]}. */
    Logits build(Operand<TFloat32> embeddings) {
        int e = config.embeddingWidth();
        int h = config.hiddenWidth();
        Operand<TFloat32> x =
                tf.math.mul(
                        tf.math.sub(embeddings, tf.constant(new float[][][] {{config.mean()}})),
                        tf.constant(new float[][][] {{config.inverseScale()}}));
        x = tf.expandDims(x, tf.constant(2)); // [1, S, 1, E]
        List<Integer> kernels = config.kernels();
        Operand<TFloat32> h2 = tf.nn.relu(conv("sequence_conv1", x, kernels.get(0), e, h));
        for (int i = 1; i < kernels.size(); i++) {
            h2 = tf.math.add(h2, tf.nn.relu(conv("sequence_conv" + (i + 1), h2, kernels.get(i), h, h)));
        }
        // a linear read of the slice itself (what the slice classifier does) plus what the neighbours add
        Operand<TFloat32> own;
        Operand<TFloat32> context;
        if (start == null) {
            own = conv(OWN_READ, x, 1, e, HemorrhageLabel.COUNT);
            context = conv("sequence_slice_out", h2, 1, h, HemorrhageLabel.COUNT);
        } else {
            // on standardised input x = (e - mean) / scale, the classifier e W + b is x (scale W) + (b + mean W)
            own = conv(OWN_READ, x, standardisedKernel(), standardisedBias());
            context = conv(
                    "sequence_slice_out",
                    h2,
                    init.fill(init.constant(new long[] {1, 1, h, HemorrhageLabel.COUNT}), init.constant(0f)),
                    init.fill(init.constant(new int[] {HemorrhageLabel.COUNT}), init.constant(0f)));
        }
        Operand<TFloat32> slices = squeeze(tf.math.add(own, context));
        // the study logit is the highest refined slice logit: it learns from every slice label, not only from the
        // study labels
        Operand<TFloat32> study = tf.max(slices, tf.constant(1)); // [1, 7]
        return new Logits(slices, study, squeeze(context));
    }

    private Operand<TFloat32> squeeze(Operand<TFloat32> x) {
        return tf.squeeze(x, org.tensorflow.op.core.Squeeze.axis(List.of(2L)));
    }

    /** A {@code [k, 1]} convolution along the slices, SAME padding, with bias (He initialisation). */
    private Operand<TFloat32> conv(String name, Operand<TFloat32> x, int kernel, int in, int out) {
        float stddev = (float) Math.sqrt(2.0 / (kernel * in));
        return conv(
                name,
                x,
                truncatedNormal(Shape.of(kernel, 1, in, out), stddev),
                init.fill(init.constant(new int[] {out}), init.constant(0f)));
    }

    private Operand<TFloat32> conv(
            String name, Operand<TFloat32> x, Operand<TFloat32> initialKernel, Operand<TFloat32> initialBias) {
        Variable<TFloat32> w = variable(name + "_kernel", initialKernel);
        Variable<TFloat32> b = variable(name + "_bias", initialBias);
        return tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), b);
    }

    /** The classifier's kernel times each feature's scale, as a {@code [1, 1, E, 7]} convolution kernel. */
    private Operand<TFloat32> standardisedKernel() {
        int e = config.embeddingWidth();
        int labels = HemorrhageLabel.COUNT;
        float[] scale = config.scale();
        float[] kernel = start.kernel();
        float[] scaled = new float[kernel.length];
        for (int f = 0; f < e; f++) {
            for (int l = 0; l < labels; l++) {
                scaled[f * labels + l] = kernel[f * labels + l] * scale[f];
            }
        }
        return init.reshape(init.constant(scaled), init.constant(new long[] {1, 1, e, labels}));
    }

    /** The classifier's bias plus the mean embedding's logits. */
    private Operand<TFloat32> standardisedBias() {
        float[] mean = config.mean();
        float[] bias = start.bias();
        float[] kernel = start.kernel();
        int labels = HemorrhageLabel.COUNT;
        float[] shifted = bias.clone();
        for (int f = 0; f < mean.length; f++) {
            for (int l = 0; l < labels; l++) {
                shifted[l] += mean[f] * kernel[f * labels + l];
            }
        }
        return init.constant(shifted);
    }

    private Variable<TFloat32> variable(String name, Operand<TFloat32> initial) {
        Variable<TFloat32> created = tf.withName(name).variable(initial);
        variables.put(name, created);
        return created;
    }

    private Operand<TFloat32> truncatedNormal(Shape shape, float stddev) {
        // stateless with a per-variable seed: the same seed gives the same initial head on every machine
        long[] seeds = {config.seed(), variables.size()};
        Operand<TFloat32> unit =
                init.random.statelessTruncatedNormal(init.constant(shape.asArray()), init.constant(seeds));
        return init.math.mul(unit, init.constant(stddev));
    }
}
