package org.ichcds.training.sequence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.OrderedAdam;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Trains a {@link SequenceHeadNetwork} on frozen slice embeddings, one series per Adam step (series differ in length),
 * and exports it as the SavedModel a manifest's {@code sequenceHead} names: input {@code embeddings} {@code [1, S, E]},
 * outputs {@code slice_probabilities} {@code [1, S, 7]} and {@code study_probabilities} {@code [1, 7]}. The loss is
 * the RSNA weighted cross-entropy of the refined slices (mean over the series) plus that of the study; the step also
 * minimises the config's correction penalty, which the reported losses leave out. Not thread-safe.
 */
public final class SequenceHeadTrainer implements AutoCloseable {

    static final String INPUT = "embeddings";
    static final String SLICE_PROBABILITIES = "slice_probabilities";
    static final String STUDY_PROBABILITIES = "study_probabilities";
    // RSNA 2019 metric: 'any' weighs 2, every subtype 1; the loss is normalised by the weight sum
    private static final float[] LABEL_WEIGHTS = {2, 1, 1, 1, 1, 1, 1};
    private static final float WEIGHT_SUM = 8;

    /**
     * The head's outputs for one series.
     *
     * @param slices {@code S × 7} refined slice probabilities
     * @param study seven study probabilities
     */
    public record HeadOutput(float[] slices, float[] study) {}

    private final SequenceHeadConfig config;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> embeddings;
    private final Placeholder<TFloat32> sliceLabels;
    private final Placeholder<TFloat32> studyLabels;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> objective;
    private final Operand<TFloat32> sliceProbabilities;
    private final Operand<TFloat32> studyProbabilities;
    private final Op step;

    /** A head with He-initialised weights. */
    public SequenceHeadTrainer(SequenceHeadConfig config) {
        this(config, null);
    }

    /**
     * A head started from the slice network's classifier: before training, its refined slices are the slice network's
     * probabilities and its study output their maximum over the slices, as the server aggregates without a head.
     *
     * @param start the classifier, or {@code null} for He-initialised weights
     */
    public SequenceHeadTrainer(SequenceHeadConfig config, SliceClassifier start) {
        SequenceHeadConfig.requireStart(config.fixedSliceRead(), start != null);
        this.config = config;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            embeddings = input(tf, config.embeddingWidth());
            sliceLabels = tf.withName("slice_labels")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, HemorrhageLabel.COUNT)));
            studyLabels = tf.withName("study_labels")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, HemorrhageLabel.COUNT)));
            SequenceHeadNetwork network = new SequenceHeadNetwork(tf, config, start);
            SequenceHeadNetwork.Logits logits = network.build(embeddings);
            Operand<TFloat32> sliceLoss = tf.math.mean(weighted(tf, logits.slices(), sliceLabels), tf.constant(1));
            Operand<TFloat32> studyLoss = weighted(tf, logits.study(), studyLabels);
            loss = tf.withName("sequence_loss").math.mean(tf.math.add(sliceLoss, studyLoss), tf.constant(0));
            objective = config.correctionPenalty() > 0
                    ? tf.math.add(
                            loss,
                            tf.math.mul(
                                    tf.constant(config.correctionPenalty()),
                                    tf.math.mean(
                                            tf.math.square(logits.correction()), tf.constant(new int[] {0, 1, 2}))))
                    : loss;
            sliceProbabilities = tf.math.sigmoid(logits.slices());
            studyProbabilities = tf.math.sigmoid(logits.study());
            step = adamStep(network.trainableVariables());
            session = new Session(graph, sessionConfig(config.threads()));
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public SequenceHeadConfig config() {
        return config;
    }

    /** One Adam step on one series; returns its loss before the update. */
    public float trainStep(SeriesSample series) {
        return run(series, true);
    }

    /** The loss of one series, without training. */
    public float loss(SeriesSample series) {
        return run(series, false);
    }

    private float run(SeriesSample series, boolean train) {
        int s = checked(series.embeddings(), series.slices());
        try (TFloat32 x = tensor(series.embeddings(), 1, s, config.embeddingWidth());
                TFloat32 y = tensor(series.sliceLabels(), 1, s, HemorrhageLabel.COUNT);
                TFloat32 z = tensor(series.studyLabels(), 1, HemorrhageLabel.COUNT)) {
            Session.Runner runner = session.runner()
                    .feed(embeddings, x)
                    .feed(sliceLabels, y)
                    .feed(studyLabels, z)
                    .fetch(loss);
            if (train) {
                runner.addTarget(step);
            }
            try (Result result = runner.run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }
    }

    /** The head's outputs for one series' embeddings ({@code slices × E}), exactly as the export computes them. */
    public HeadOutput predict(float[] seriesEmbeddings, int slices) {
        int s = checked(seriesEmbeddings, slices);
        float[] sliceOut = new float[s * HemorrhageLabel.COUNT];
        float[] studyOut = new float[HemorrhageLabel.COUNT];
        try (TFloat32 x = tensor(seriesEmbeddings, 1, s, config.embeddingWidth());
                Result result = session.runner()
                        .feed(embeddings, x)
                        .fetch(sliceProbabilities)
                        .fetch(studyProbabilities)
                        .run()) {
            ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(sliceOut);
            ((TFloat32) result.get(1)).asRawTensor().data().asFloats().read(studyOut);
        }
        return new HeadOutput(sliceOut, studyOut);
    }

    /** The current value of one of the head's variables, flattened (for tests and checks). */
    float[] variable(String name) {
        try (Result result = session.runner().fetch(name).run()) {
            TFloat32 value = (TFloat32) result.get(0);
            float[] values = new float[(int) value.shape().size()];
            value.asRawTensor().data().asFloats().read(values);
            return values;
        }
    }

    /** Saves every variable (weights and Adam moments) under a checkpoint prefix. */
    void save(Path prefix) {
        session.save(prefix.toString());
    }

    /** Restores variables saved by {@link #save}. */
    void restore(Path prefix) {
        session.restore(prefix.toString());
    }

    /**
     * Exports the head alone (no loss, labels or optimizer state) as the SavedModel a manifest's {@code sequenceHead}
     * names.
     *
     * @param directory a directory that does not exist yet
     */
    public void export(Path directory) throws IOException {
        new SequenceHeadExport(config).export(this::save, directory);
    }

    static Placeholder<TFloat32> input(Ops tf, int width) {
        return tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, width)));
    }

    /** Weighted binary cross-entropy on logits (softplus(x) − x·z) over the last axis, normalised by the weights. */
    private static Operand<TFloat32> weighted(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> labels) {
        Operand<TFloat32> bce = tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, labels));
        Operand<TFloat32> weightedBce = tf.math.mul(bce, tf.constant(LABEL_WEIGHTS));
        return tf.math.div(tf.sum(weightedBce, tf.constant(-1)), tf.constant(WEIGHT_SUM));
    }

    private Op adamStep(List<Variable<TFloat32>> variables) {
        Output<?>[] outputs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
        return OrderedAdam.step(
                graph,
                config.learningRate(),
                variables,
                graph.addGradients(objective.asOutput(), outputs),
                "sequence_adam");
    }

    private int checked(float[] values, int slices) {
        if (slices < 1 || (long) slices * config.embeddingWidth() != values.length) {
            throw new IllegalArgumentException(
                    values.length + " floats are not " + slices + " embeddings of width " + config.embeddingWidth());
        }
        return slices;
    }

    static ConfigProto sessionConfig(int threads) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).build();
    }

    private static TFloat32 tensor(float[] values, long... shape) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(shape));
        t.asRawTensor().data().asFloats().write(values);
        return t;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
