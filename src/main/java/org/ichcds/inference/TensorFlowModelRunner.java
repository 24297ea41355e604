package org.ichcds.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Serves a SavedModel that honours the model contract, in process. The model is loaded once, after every file has been
 * checked against the manifest's sha256. TensorFlow sessions run concurrently, so {@link #predict} may be called from
 * many threads; slices are sent in batches of {@link RunnerOptions#batchSize()}.
 */
public final class TensorFlowModelRunner implements ModelRunner {

    static final String SIGNATURE = "serving_default";
    static final String INPUT = "image";
    static final String PROBABILITIES = "probabilities";
    static final String DETECTIONS = "detections";

    private final ModelManifest manifest;
    private final RunnerOptions options;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final DetectionDecoder decoder;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;

    private TensorFlowModelRunner(ModelManifest manifest, RunnerOptions options, SavedModelBundle bundle) {
        this.manifest = manifest;
        this.options = options;
        this.bundle = bundle;
        this.function = bundle.function(SIGNATURE);
        checkSignature(function.signature());
        this.decoder = new DetectionDecoder(
                manifest.inputSize().height(),
                manifest.inputSize().width(),
                options.minBoxScore(),
                new NonMaxSuppression(options.nmsIou()));
    }

    /**
     * Verifies and loads a model directory.
     *
     * @throws IllegalArgumentException if the manifest is invalid, a file does not match its sha256, or the
     *     SavedModel lacks the contract's signature
     */
    public static TensorFlowModelRunner open(Path directory, RunnerOptions options) throws IOException {
        ModelManifest manifest = new ModelDirectory(directory).verifiedManifest();
        ConfigProto.Builder config = ConfigProto.newBuilder().setIntraOpParallelismThreads(options.threads());
        if (!options.useGpu()) {
            config.putDeviceCount("GPU", 0);
        }
        SavedModelBundle bundle = SavedModelBundle.loader(directory.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG)
                .withConfigProto(config.build())
                .load();
        try {
            return new TensorFlowModelRunner(manifest, options, bundle);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public List<SlicePrediction> predict(float[] nhwc, int count, int height, int width) {
        checkInput(nhwc, count, height, width);
        List<SlicePrediction> predictions = new ArrayList<>(count);
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + manifest.id() + " has been closed");
            }
            for (int first = 0; first < count; first += options.batchSize()) {
                predictions.addAll(predictBatch(nhwc, first, Math.min(options.batchSize(), count - first)));
            }
        } finally {
            closing.readLock().unlock();
        }
        return predictions;
    }

    private List<SlicePrediction> predictBatch(float[] nhwc, int first, int size) {
        int height = manifest.inputSize().height();
        int width = manifest.inputSize().width();
        int sliceValues = height * width * 3;
        float[] probabilities = new float[size * HemorrhageLabel.COUNT];
        float[] detections;
        int grid;
        try (TFloat32 input = TFloat32.tensorOf(Shape.of(size, height, width, 3));
                Result result = call(fill(input, nhwc, first * sliceValues, size * sliceValues))) {
            TFloat32 probs = (TFloat32) result.get(PROBABILITIES).orElseThrow();
            TFloat32 dets = (TFloat32) result.get(DETECTIONS).orElseThrow();
            checkOutputs(probs.shape(), dets.shape(), size);
            grid = (int) dets.shape().get(1);
            detections = new float[(int) dets.shape().size()];
            probs.asRawTensor().data().asFloats().read(probabilities);
            dets.asRawTensor().data().asFloats().read(detections);
        }
        List<SlicePrediction> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            float[] p = new float[HemorrhageLabel.COUNT];
            System.arraycopy(probabilities, i * HemorrhageLabel.COUNT, p, 0, p.length);
            out.add(new SlicePrediction(sanitize(p), decoder.decode(detections, i, grid)));
        }
        return out;
    }

    private Result call(TFloat32 input) {
        return function.call(Map.of(INPUT, input));
    }

    private static TFloat32 fill(TFloat32 tensor, float[] source, int offset, int length) {
        tensor.asRawTensor().data().asFloats().write(source, offset, length);
        return tensor;
    }

    private void checkInput(float[] nhwc, int count, int height, int width) {
        ModelManifest.InputSize size = manifest.inputSize();
        if (height != size.height() || width != size.width()) {
            throw new IllegalArgumentException("slices are " + height + "x" + width + " but model " + manifest.id()
                    + " takes " + size.height() + "x" + size.width());
        }
        if (count < 0 || nhwc == null || (long) count * height * width * 3 != nhwc.length) {
            throw new IllegalArgumentException("input of " + (nhwc == null ? 0 : nhwc.length) + " floats is not "
                    + count + " slices of " + height + "x" + width + "x3");
        }
    }

    private static void checkSignature(Signature signature) {
        if (!signature.inputNames().contains(INPUT)
                || !signature.outputNames().containsAll(List.of(PROBABILITIES, DETECTIONS))) {
            throw new IllegalArgumentException("signature " + SIGNATURE + " has inputs " + signature.inputNames()
                    + " and outputs " + signature.outputNames() + "; the contract needs input '" + INPUT
                    + "' and outputs '" + PROBABILITIES + "', '" + DETECTIONS + "'");
        }
    }

    private static void checkOutputs(Shape probabilities, Shape detections, int size) {
        boolean ok = probabilities.numDimensions() == 2
                && probabilities.get(0) == size
                && probabilities.get(1) == HemorrhageLabel.COUNT
                && detections.numDimensions() == 4
                && detections.get(0) == size
                && detections.get(1) == detections.get(2)
                && detections.get(3) == DetectionDecoder.CELL_VALUES;
        if (!ok) {
            throw new IllegalStateException(
                    "model outputs have shapes " + probabilities + " and " + detections + "; the contract needs [N, "
                            + HemorrhageLabel.COUNT + "] and [N, S, S, " + DetectionDecoder.CELL_VALUES + "]");
        }
    }

    private static float[] sanitize(float[] probabilities) {
        for (int i = 0; i < probabilities.length; i++) {
            float p = probabilities[i];
            if (!Float.isFinite(p)) {
                throw new IllegalStateException(
                        "model returned a non-finite probability for " + HemorrhageLabel.values()[i].code());
            }
            probabilities[i] = Math.min(1f, Math.max(0f, p));
        }
        return probabilities;
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
            }
        } finally {
            closing.writeLock().unlock();
        }
    }
}
