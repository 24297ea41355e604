package org.ichcds.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.ichcds.inference.Box;
import org.ichcds.inference.DetectionDecoder;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Trains the classifier + detector network in a TensorFlow graph, checkpoints it and exports the SavedModel of the
 * model contract. Not thread-safe: one training loop drives one trainer.
 */
public final class Trainer implements AutoCloseable {

    /** The stem convolution's kernel, {@code [k, k, channels, width]}: the one variable slice context widens. */
    static final String STEM_KERNEL = "stem_kernel";

    private static final int KERNEL_INPUT_AXIS = 2;

    private final ModelConfig config;
    private final TrainerOptions options;
    private final Graph graph;
    private final TrainingGraph model;
    private final Session session;

    public Trainer(ModelConfig config, TrainerOptions options) {
        this.config = config;
        this.options = options;
        this.graph = new Graph();
        try {
            this.model = new TrainingGraph(graph, config, options);
            this.session = new Session(graph, sessionConfig(options.threads()));
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    ModelConfig config() {
        return config;
    }

    /** Number of trainable weights (batch-norm moving averages and optimizer state excluded). */
    public long parameterCount() {
        return model.parameterCount;
    }

    /** One Adam step on a batch; returns the losses computed before the update. */
    public LossValues trainStep(TrainingBatch batch) {
        return run(batch, true);
    }

    /** The losses of a batch in inference mode (batch norm on moving averages), without training. */
    LossValues validate(TrainingBatch batch) {
        return run(batch, false);
    }

    private LossValues run(TrainingBatch batch, boolean train) {
        checkSize(batch);
        int n = batch.count();
        int grid = config.gridSize();
        int fineGrid = config.fineGridSize();
        List<List<Box>> large = DetectionTargets.larger(batch.boxes(), config.coarseBoxSide());
        DetectionTargets targets = DetectionTargets.encode(large, config.inputSize(), grid);
        DetectionTargets fine = config.hasFineGrid()
                ? DetectionTargets.encode(
                        DetectionTargets.atMost(batch.boxes(), config.fineBoxSide()), config.inputSize(), fineGrid)
                : null;
        try (TFloat32 image =
                        tensor(batch.images(), n, config.inputSize(), config.inputSize(), config.inputChannels());
                TFloat32 labels = tensor(batch.labels(), n, HemorrhageLabel.COUNT);
                TFloat32 target = tensor(targets.target, n, grid, grid, DetectionDecoder.CELL_VALUES);
                TFloat32 responsible = tensor(targets.responsible, n, grid, grid, 1);
                TFloat32 fineTarget =
                        fine == null ? null : tensor(fine.target, n, fineGrid, fineGrid, DetectionDecoder.CELL_VALUES);
                TFloat32 fineResponsible = fine == null ? null : tensor(fine.responsible, n, fineGrid, fineGrid, 1)) {
            Session.Runner runner = session.runner()
                    .feed(model.image, image)
                    .feed(model.labels, labels)
                    .feed(model.target, target)
                    .feed(model.responsible, responsible);
            if (fine != null) {
                runner.feed(model.fineTarget, fineTarget).feed(model.fineResponsible, fineResponsible);
            }
            if (train) {
                runner.fetch(model.total)
                        .fetch(model.classification)
                        .fetch(model.detection)
                        .addTarget(model.step);
            } else {
                runner.fetch(model.validationTotal)
                        .fetch(model.validationClassification)
                        .fetch(model.validationDetection);
            }
            try (Result result = runner.run()) {
                return new LossValues(scalar(result, 0), scalar(result, 1), scalar(result, 2));
            }
        }
    }

    /** Inference-mode outputs, exactly as the exported model computes them. */
    public ModelOutputs predict(float[] images, int count) {
        int size = config.inputSize();
        int channels = config.inputChannels();
        if ((long) count * size * size * channels != images.length || count < 1) {
            throw new IllegalArgumentException(
                    images.length + " floats are not " + count + " slices of " + size + "²×" + channels);
        }
        int grid = config.gridSize();
        int fineGrid = config.fineGridSize();
        float[] probabilities = new float[count * HemorrhageLabel.COUNT];
        float[] detections = new float[count * grid * grid * DetectionDecoder.CELL_VALUES];
        float[] fine =
                config.hasFineGrid() ? new float[count * fineGrid * fineGrid * DetectionDecoder.CELL_VALUES] : null;
        try (TFloat32 image = tensor(images, count, size, size, channels)) {
            Session.Runner runner = session.runner()
                    .feed(model.serving.image, image)
                    .fetch(model.serving.probabilities)
                    .fetch(model.serving.detections);
            if (fine != null) {
                runner.fetch(model.serving.fineDetections);
            }
            try (Result result = runner.run()) {
                ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(probabilities);
                ((TFloat32) result.get(1)).asRawTensor().data().asFloats().read(detections);
                if (fine != null) {
                    ((TFloat32) result.get(2)).asRawTensor().data().asFloats().read(fine);
                }
            }
        }
        return new ModelOutputs(count, grid, probabilities, detections, fineGrid, fine);
    }

    /**
     * Recomputes the batch-norm moving averages of the inference pass as the plain mean of the batch statistics of
     * {@code batches} batches of {@code source} under the current weights ("precise BN", Wu and Johnson 2021, "Rethinking
     * 'Batch' in BatchNorm"), in place of the exponential average the training steps left, which lags the weights and
     * leans on the last batches. The weights do not change. Feed batches drawn as the model will be used: unaugmented,
     * in their natural proportion of positive and negative slices.
     *
     * @param epoch passed to the source (its shuffling)
     * @return the batches used: {@code min(batches, source.batchCount())}
     */
    public int recomputeBatchNormStatistics(BatchSource source, int epoch, int batches) {
        int used = Math.min(batches, source.batchCount());
        for (int k = 1; k <= used; k++) {
            TrainingBatch batch = source.batch(epoch, k - 1);
            checkSize(batch);
            // decay (k-1)/k: after batch k the average is the mean of batches 1..k, each weighed equally
            try (TFloat32 image = tensor(
                            batch.images(),
                            batch.count(),
                            config.inputSize(),
                            config.inputSize(),
                            config.inputChannels());
                    TFloat32 decay = TFloat32.scalarOf((k - 1) / (float) k)) {
                session.runner()
                        .feed(model.image, image)
                        .feed(model.bnMomentum, decay)
                        .addTarget(model.statisticsStep)
                        .run();
            }
        }
        return used;
    }

    /** Saves every variable (weights, batch-norm averages, Adam moments) as the given epoch's checkpoint. */
    void saveCheckpoint(Path directory, int epoch) throws IOException {
        Checkpoints checkpoints = new Checkpoints(directory);
        Path prefix = checkpoints.prefixFor(epoch);
        session.save(prefix.toString());
        checkpoints.markLatest(epoch, prefix, config);
    }

    /** Restores the latest checkpoint of a directory, if there is one; returns its epoch. */
    OptionalInt restoreLatestCheckpoint(Path directory) throws IOException {
        Checkpoints checkpoints = new Checkpoints(directory);
        var state = checkpoints.latest(config);
        if (state.isEmpty()) {
            return OptionalInt.empty();
        }
        session.restore(checkpoints.resolve(state.get().prefix()).toString());
        return OptionalInt.of(state.get().epoch());
    }

    /**
     * Which detection heads {@link #initialiseFrom} took from the model; the backbone and classifier it always takes.
     *
     * @param detector the head on stride 16 (or the one-grid head)
     * @param fineDetector the stride-8 grid's head of a two-grid head (true when the network has none)
     */
    public record Restored(boolean detector, boolean fineDetector) {
        /** Whether every weight came from the model. */
        public boolean all() {
            return detector && fineDetector;
        }

        /** The heads that kept their fresh weights, in words ({@code ""} when none did). */
        public String fresh() {
            return detector && fineDetector
                    ? ""
                    : !detector && !fineDetector
                            ? "both detection heads"
                            : !detector
                                    ? "the detection head on stride 16 (or its one grid)"
                                    : "the stride-8 grid's head";
        }
    }

    /**
     * Starts from an exported model's network: its weights and batch-norm averages, read by name from the SavedModel's
     * variables, while the optimizer starts afresh. This continues training a shipped model on more epochs or data.
     *
     * @param modelDirectory an exported model directory of the same network (configuration and input size)
     * @return which detection heads were restored too: a head whose layers the model has in another shape (another
     *     stride, depth or width) or not at all keeps its fresh weights, each head all or nothing
     * @throws IllegalArgumentException when the directory holds no SavedModel variables or another network's
     */
    public Restored initialiseFrom(Path modelDirectory) {
        Path prefix = savedVariables(modelDirectory);
        Map<String, List<String>> parts =
                model.networkVariables.keySet().stream().collect(Collectors.groupingBy(Trainer::part));
        List<String> backbone = new ArrayList<>(parts.getOrDefault("backbone", List.of()));
        boolean stem = backbone.remove(STEM_KERNEL);
        try {
            restore(prefix, backbone);
            if (stem && !restoreIfThere(prefix, List.of(STEM_KERNEL))) {
                restoreStemWithContext(prefix);
            }
        } catch (TensorFlowException | IllegalArgumentException e) {
            // TensorFlow reports a missing name or another shape as an invalid argument
            throw new IllegalArgumentException(
                    modelDirectory + " is not a model of this network (" + config.name() + ", " + config.inputSize()
                            + " px): " + firstLine(e.getMessage()),
                    e);
        }
        boolean head = restoreIfThere(prefix, parts.getOrDefault("detector", List.of()));
        boolean fine = restoreIfThere(prefix, parts.getOrDefault("fine", List.of()));
        return new Restored(head, fine);
    }

    /**
     * A network with slice context started from one without: the saved stem's weights for the slice's own windows, and
     * zero for its neighbours', so that the network computes exactly what the saved one did until training teaches it
     * to read the neighbours.
     *
     * @throws IllegalArgumentException (or TensorFlow's error) when this network has no slice context, or the saved
     *     stem is not the three-channel stem of this network
     */
    private void restoreStemWithContext(Path prefix) {
        if (!config.sliceContext()) {
            throw new IllegalArgumentException("its stem takes other channels than this network's "
                    + config.inputChannels() + " (a model trained with --slice-context cannot start one without it)");
        }
        assignFromSaved(
                prefix,
                List.of(STEM_KERNEL),
                "initialise_stem_from",
                (tf, own, saved) -> tf.concat(
                        List.of(tf.zerosLike(saved), saved, tf.zerosLike(saved)), tf.constant(KERNEL_INPUT_AXIS)));
    }

    /**
     * Moves every weight and batch-norm average of the network towards those of another exported model of the same
     * network, by name: {@code w <- (1 - share) w + share w'}. Between a model and one fine-tuned from it, this is
     * weight-space ensembling (WiSE-FT, Wortsman et al. 2022): the interpolated network keeps much of what the
     * fine-tuning gained in distribution and of what the first model held out of it, at the cost of one network. The
     * optimizer's state is left as it is.
     *
     * @param modelDirectory an exported model of this network with every head in the same shape
     * @param share the other model's weight, in (0, 1)
     * @throws IllegalArgumentException when {@code share} is outside (0, 1), or the directory holds no SavedModel
     *     variables or not every variable of this network in its shape (the network's weights are then unusable)
     */
    public void blendWith(Path modelDirectory, float share) {
        if (!(share > 0f && share < 1f)) {
            throw new IllegalArgumentException("blend share " + share + " is outside (0, 1)");
        }
        Path prefix = savedVariables(modelDirectory);
        List<String> names = List.copyOf(model.networkVariables.keySet());
        try {
            assignFromSaved(
                    prefix,
                    names,
                    "blend_with",
                    (tf, own, saved) -> tf.math.add(
                            tf.math.mul(own, tf.constant(1f - share)), tf.math.mul(saved, tf.constant(share))));
        } catch (TensorFlowException | IllegalArgumentException e) {
            // TensorFlow reports a missing name or another shape as an invalid argument
            throw new IllegalArgumentException(
                    modelDirectory + " cannot be blended with this network (" + config.name() + ", "
                            + config.inputSize() + " px, every head in the same shape): " + firstLine(e.getMessage()),
                    e);
        }
    }

    private static String part(String variable) {
        if (variable.startsWith(ResNetV2.FINE_DETECTOR_PREFIX)) {
            return "fine";
        }
        return TrainerOptions.isDetectorLayer(variable) ? "detector" : "backbone";
    }

    private boolean restoreIfThere(Path prefix, List<String> names) {
        try {
            restore(prefix, names);
            return true;
        } catch (TensorFlowException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Assigns the named variables from a SavedModel's variables, all of them or (on an error) none. */
    private void restore(Path prefix, List<String> names) {
        assignFromSaved(prefix, names, "initialise_from", (tf, own, saved) -> saved);
    }

    /** The new value of a variable from its own value and the one saved under its name. */
    private interface SavedValue {
        Operand<TFloat32> of(Ops tf, Operand<TFloat32> own, Operand<TFloat32> saved);
    }

    /** Sets each named variable to {@code value} of itself and the value a SavedModel's variables hold for its name. */
    private void assignFromSaved(Path prefix, List<String> names, String scope, SavedValue value) {
        if (names.isEmpty()) {
            return;
        }
        Map<String, Variable<TFloat32>> variables = model.networkVariables;
        List<Class<? extends TType>> types = Collections.nCopies(names.size(), TFloat32.class);
        Ops tf = Ops.create(graph).withSubScope(scope);
        Restore restored = tf.train.restore(
                tf.constant(prefix.toString()),
                tf.constant(StandardCharsets.UTF_8, names.toArray(String[]::new)),
                tf.constant(
                        StandardCharsets.UTF_8,
                        Collections.nCopies(names.size(), "").toArray(String[]::new)),
                types);
        List<Op> assignments = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Variable<TFloat32> variable = variables.get(names.get(i));
            assignments.add(tf.assign(
                    variable, value.of(tf, variable, floats(restored.tensors().get(i)))));
        }
        session.runner()
                .addTarget(tf.withControlDependencies(assignments).noOp())
                .run();
    }

    /**
     * The checkpoint prefix of an exported model's SavedModel variables.
     *
     * @throws IllegalArgumentException when the directory holds none
     */
    private static Path savedVariables(Path modelDirectory) {
        Path prefix = modelDirectory.resolve("variables").resolve("variables");
        if (!Files.isRegularFile(prefix.resolveSibling("variables.index"))) {
            throw new IllegalArgumentException(modelDirectory
                    + " holds no SavedModel variables (variables/variables.index): not an exported model");
        }
        return prefix;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> floats(org.tensorflow.Output<?> output) {
        return (Operand<TFloat32>) output;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Restores the checkpoint of one epoch (for example the best one before export). */
    public void restoreCheckpoint(Path directory, int epoch) throws IOException {
        session.restore(new Checkpoints(directory).existingPrefix(epoch).toString());
    }

    /**
     * Exports the inference graph as a SavedModel (signature {@code serving_default}) and seals it with a manifest
     * holding the sha256 of every file.
     *
     * @param directory a new or empty directory
     * @param manifest everything but the file digests; its input size must match the network
     */
    public ModelManifest export(Path directory, ModelManifest manifest) throws IOException {
        if (manifest.inputSize().height() != config.inputSize()
                || manifest.inputSize().width() != config.inputSize()) {
            throw new IllegalArgumentException("manifest input size " + manifest.inputSize() + " differs from the "
                    + config.inputSize() + "-pixel network");
        }
        exportSavedModel(directory);
        return new ModelDirectory(directory).seal(manifest);
    }

    /** Exports the inference graph alone (no optimizer state) as a SavedModel. */
    void exportSavedModel(Path directory) throws IOException {
        new SavedModelExport(config, options).export(session, directory);
    }

    static ConfigProto sessionConfig(int threads) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).build();
    }

    private void checkSize(TrainingBatch batch) {
        if (batch.height() != config.inputSize() || batch.width() != config.inputSize()) {
            throw new IllegalArgumentException("batch slices are " + batch.height() + "x" + batch.width()
                    + " but the network takes " + config.inputSize() + "x" + config.inputSize());
        }
        if (batch.channels() != config.inputChannels()) {
            throw new IllegalArgumentException("batch slices have " + batch.channels() + " channels but the network"
                    + " takes " + config.inputChannels() + (config.sliceContext() ? " (slice context)" : ""));
        }
    }

    private static TFloat32 tensor(float[] values, long... shape) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(shape));
        t.asRawTensor().data().asFloats().write(values);
        return t;
    }

    private static float scalar(Result result, int index) {
        return ((TFloat32) result.get(index)).getFloat();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
