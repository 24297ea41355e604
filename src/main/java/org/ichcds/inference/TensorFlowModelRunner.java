package org.ichcds.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;

/**
 * Serves a SavedModel that honours the model contract, in process. The model is loaded once, after every file has been
 * checked against the manifest's sha256. TensorFlow sessions run concurrently, so {@link #predict} may be called from
 * many threads; slices are sent in batches of {@link RunnerOptions#batchSize()}. When the manifest names a sequence
 * head, {@link #predictSeries} runs it once over the series' slice embeddings.
 */
public final class TensorFlowModelRunner implements ModelRunner {

    private final ModelManifest manifest;
    private final RunnerOptions options;
    private final SavedModelBundle bundle;
    private final SliceNetwork network;
    private final SequenceHeadModel head;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private final LongAdder slicesRun = new LongAdder();
    private final LongAdder slicesMirrored = new LongAdder();
    private boolean closed;

    private TensorFlowModelRunner(
            ModelManifest manifest, RunnerOptions options, SavedModelBundle bundle, SequenceHeadModel head) {
        this.manifest = manifest;
        this.options = options;
        this.bundle = bundle;
        this.head = head;
        this.network = new SliceNetwork(
                manifest,
                bundle.function(SliceNetwork.SIGNATURE),
                new DetectionDecoder(
                        manifest.inputSize().height(),
                        manifest.inputSize().width(),
                        options.minBoxScore(manifest),
                        new NonMaxSuppression(options.nmsIou(), manifest.boxMergeMode()),
                        manifest::boxScale,
                        manifest::boxGrid));
        if (manifest.hasSequenceHead()) {
            checkEmbeddings(manifest, network.embeddingWidth());
        }
    }

    /** The box score from which this runner reports boxes: its options' when set, else the model's own. */
    public float minBoxScore() {
        return options.minBoxScore(manifest);
    }

    /**
     * Verifies and loads a model directory, with its sequence head when the manifest names one.
     *
     * @throws IllegalArgumentException if the manifest is invalid, a file does not match its sha256, or the
     *     SavedModel (or the sequence head) lacks the contract's signature
     */
    public static TensorFlowModelRunner open(Path directory, RunnerOptions options) throws IOException {
        return open(directory, options, UnaryOperator.identity());
    }

    /**
     * As {@link #open(Path, RunnerOptions)}, but served with another test-time augmentation than the manifest's
     * ({@code testTimeAugmentation}, {@code flipShare}), or another box scoring ({@code boxStudyExponent}): what {@code
     * calibrate} fits a new augmentation's calibration, or chooses a box scoring, on. The model's calibration and
     * thresholds hold only for its own augmentation, so a server never does this.
     *
     * @param serving the served manifest made from the verified one, e.g. {@code m -> m.withAugmentation(FLIP)}; it
     *     may change the test-time augmentation and the box scoring only
     * @throws IllegalArgumentException when {@code serving} changed anything else, or refused the manifest
     */
    public static TensorFlowModelRunner open(
            Path directory, RunnerOptions options, UnaryOperator<ModelManifest> serving) throws IOException {
        ModelManifest verified = new ModelDirectory(directory).verifiedManifest();
        ModelManifest manifest = serving.apply(verified);
        if (!manifest.withAugmentation(TestTimeAugmentation.NONE)
                .withBoxStudyExponent(null)
                .equals(verified.withAugmentation(TestTimeAugmentation.NONE).withBoxStudyExponent(null))) {
            throw new IllegalArgumentException("a served model may differ from its manifest in its test-time"
                    + " augmentation and box scoring only");
        }
        ConfigProto.Builder builder = ConfigProto.newBuilder().setIntraOpParallelismThreads(options.threads());
        if (!options.useGpu()) {
            builder.putDeviceCount("GPU", 0);
        }
        ConfigProto config = builder.build();
        SequenceHeadModel head =
                manifest.hasSequenceHead() ? SequenceHeadModel.open(directory, manifest.sequenceHead(), config) : null;
        SavedModelBundle bundle = null;
        try {
            bundle = SavedModelBundle.loader(directory.toString())
                    .withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(config)
                    .load();
            return new TensorFlowModelRunner(manifest, options, bundle, head);
        } catch (RuntimeException e) {
            if (bundle != null) {
                bundle.close();
            }
            if (head != null) {
                head.close();
            }
            throw e;
        }
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    /**
     * Slices the slice network has run since the model was opened, and how many of them it also ran mirrored
     * (test-time flip): what flip costs on the studies served.
     */
    public record Passes(long slices, long mirrored) {
        /** The mirrored share of the slices, 0 when none ran. */
        public double mirroredShare() {
            return slices == 0 ? 0 : (double) mirrored / slices;
        }
    }

    /** The slices run so far and how many ran mirrored too. */
    public Passes passes() {
        return new Passes(slicesRun.sum(), slicesMirrored.sum());
    }

    /** The width of the slice network's {@code embeddings} output, when it has one. */
    public OptionalInt embeddingWidth() {
        return network.embeddingWidth();
    }

    @Override
    public List<SlicePrediction> predict(float[] nhwc, int count, int height, int width) {
        return run(nhwc, count, height, width).predictions();
    }

    /**
     * The slice network's {@code embeddings} of every slice ({@code count × E} floats, in input order): what a
     * sequence head reads.
     *
     * @throws IllegalStateException when the model has no {@code embeddings} output
     */
    public float[] embeddings(float[] nhwc, int count, int height, int width) {
        if (network.embeddingWidth().isEmpty()) {
            throw new IllegalStateException("model " + manifest.id() + " has no '" + SliceNetwork.EMBEDDINGS
                    + "' output; export it with this version's train to add a sequence head");
        }
        return run(nhwc, count, height, width).embeddings();
    }

    @Override
    public SeriesPrediction predictSeries(float[] nhwc, int count, int height, int width) {
        if (head == null || count == 0) {
            return SeriesPrediction.ofSlices(predict(nhwc, count, height, width));
        }
        SliceNetwork.Batch slices = run(nhwc, count, height, width);
        SequenceHeadModel.Output refined;
        closing.readLock().lock();
        try {
            requireOpen();
            refined = head.run(slices.embeddings(), count);
        } finally {
            closing.readLock().unlock();
        }
        return served(manifest.sequenceHead(), slices.predictions(), refined);
    }

    /**
     * Per label, the head's refined slices and study output when the manifest says the head serves that label,
     * otherwise the slice network's own slice probabilities and their maximum; the boxes are always the slice
     * network's. Both study outputs travel along as the prediction's sources.
     */
    static SeriesPrediction served(
            ModelManifest.SequenceHead head, List<SlicePrediction> network, SequenceHeadModel.Output refined) {
        int count = network.size();
        float[] networkStudy = new float[HemorrhageLabel.COUNT];
        List<SlicePrediction> predictions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SlicePrediction own = network.get(i);
            float[] p = new float[HemorrhageLabel.COUNT];
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                float mine = own.probability(label);
                networkStudy[label.ordinal()] = Math.max(networkStudy[label.ordinal()], mine);
                p[label.ordinal()] =
                        head.serves(label) ? refined.slices()[i * HemorrhageLabel.COUNT + label.ordinal()] : mine;
            }
            predictions.add(new SlicePrediction(p, own.boxes()));
        }
        float[] study = new float[HemorrhageLabel.COUNT];
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            study[label.ordinal()] =
                    head.serves(label) ? refined.study()[label.ordinal()] : networkStudy[label.ordinal()];
        }
        return new SeriesPrediction(
                predictions,
                Optional.of(study),
                Optional.of(new SeriesPrediction.StudySources(refined.study(), networkStudy)));
    }

    private SliceNetwork.Batch run(float[] nhwc, int count, int height, int width) {
        checkInput(nhwc, count, height, width);
        closing.readLock().lock();
        try {
            requireOpen();
            SliceNetwork.Batch batch = network.run(nhwc, count, options.batchSize());
            slicesRun.add(count);
            slicesMirrored.add(batch.mirrored());
            return batch;
        } finally {
            closing.readLock().unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("model " + manifest.id() + " has been closed");
        }
    }

    private void checkInput(float[] nhwc, int count, int height, int width) {
        ModelManifest.InputSize size = manifest.inputSize();
        if (height != size.height() || width != size.width()) {
            throw new IllegalArgumentException("slices are " + height + "x" + width + " but model " + manifest.id()
                    + " takes " + size.height() + "x" + size.width());
        }
        int channels = manifest.inputChannels();
        if (count < 0 || nhwc == null || (long) count * height * width * channels != nhwc.length) {
            throw new IllegalArgumentException("input of " + (nhwc == null ? 0 : nhwc.length) + " floats is not "
                    + count + " slices of " + height + "x" + width + "x" + channels);
        }
    }

    private static void checkEmbeddings(ModelManifest manifest, OptionalInt width) {
        int expected = manifest.sequenceHead().embeddingWidth();
        if (width.isEmpty()) {
            throw new IllegalArgumentException("the manifest names a sequence head but the slice SavedModel has no '"
                    + SliceNetwork.EMBEDDINGS + "' output for it to read");
        }
        if (width.getAsInt() != expected) {
            throw new IllegalArgumentException("the slice SavedModel's '" + SliceNetwork.EMBEDDINGS + "' output is "
                    + width.getAsInt() + " wide but the manifest's sequenceHead.embeddingWidth is " + expected);
        }
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
                if (head != null) {
                    head.close();
                }
            }
        } finally {
            closing.writeLock().unlock();
        }
    }
}
