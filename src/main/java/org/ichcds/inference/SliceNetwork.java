package org.ichcds.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.tensorflow.Result;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The slice SavedModel's {@code serving_default} function: checks its signature against the contract and runs
 * batches of slices, giving per-slice predictions and, when the model exports them, the per-slice {@code embeddings}
 * (the pooled features its classifier reads) that a sequence head takes. A model whose detection head has two grids
 * exports the second, stride-8 one as {@code fine_detections}; its boxes join the first grid's.
 */
final class SliceNetwork {

    static final String SIGNATURE = "serving_default";
    static final String INPUT = "image";
    static final String PROBABILITIES = "probabilities";
    static final String DETECTIONS = "detections";
    static final String EMBEDDINGS = "embeddings";
    static final String FINE_DETECTIONS = "fine_detections";

    /**
     * Predictions of some slices, their embeddings ({@code count × E}) when the model has them (else null), and how
     * many of the slices also ran mirrored.
     */
    record Batch(List<SlicePrediction> predictions, float[] embeddings, int mirrored) {}

    private final ModelManifest manifest;
    private final SessionFunction function;
    private final DetectionDecoder decoder;
    private final OptionalInt embeddingWidth;
    private final boolean fineGrid;

    SliceNetwork(ModelManifest manifest, SessionFunction function, DetectionDecoder decoder) {
        this.manifest = manifest;
        this.function = function;
        this.decoder = decoder;
        this.embeddingWidth = checkSignature(function.signature(), manifest);
        this.fineGrid = function.signature().outputNames().contains(FINE_DETECTIONS);
        if (!fineGrid && decoder.needsFineGrid()) {
            throw new IllegalArgumentException("manifest boxGrids reads a subtype from the '" + BoxGrid.FINE.code()
                    + "' grid only, but the model has no '" + FINE_DETECTIONS + "' output (a one-grid detection head);"
                    + " set it to '" + BoxGrid.COARSE.code() + "' or remove it");
        }
    }

    /** The width {@code E} of the {@code embeddings} output, when the model has one. */
    OptionalInt embeddingWidth() {
        return embeddingWidth;
    }

    /**
     * Runs the {@code count} slices of {@code nhwc} (one series) in calls of at most {@code batchSize} slices. With
     * {@link TestTimeAugmentation#FLIP} the slices chosen by {@link TestTimeFlip#chosen} then run mirrored too, in calls
     * of their own, and their outputs merge both passes.
     */
    Batch run(float[] nhwc, int count, int batchSize) {
        int height = manifest.inputSize().height();
        int width = manifest.inputSize().width();
        int channels = manifest.inputChannels();
        int sliceValues = height * width * channels;
        Outputs plain = null;
        for (int first = 0; first < count; first += batchSize) {
            Outputs part = call(nhwc, first * sliceValues, Math.min(batchSize, count - first));
            plain = plain == null ? part.sized(count) : plain;
            part.copyTo(plain, first);
        }
        if (plain == null) {
            return new Batch(List.of(), embeddingWidth.isPresent() ? new float[0] : null, 0);
        }
        int[] flipped = manifest.augmentation() == TestTimeAugmentation.FLIP
                ? TestTimeFlip.chosen(plain.probabilities, count, manifest.flipShare())
                : new int[0];
        for (int from = 0; from < flipped.length; from += batchSize) {
            int[] part = Arrays.copyOfRange(flipped, from, Math.min(flipped.length, from + batchSize));
            Outputs mirrored = call(TestTimeFlip.mirrored(nhwc, part, height, width, channels), 0, part.length);
            TestTimeFlip.meanInto(plain.probabilities, mirrored.probabilities, part, HemorrhageLabel.COUNT);
            TestTimeFlip.mergeGridsInto(plain.detections, mirrored.detections, part, plain.grid);
            if (plain.fine != null) {
                TestTimeFlip.mergeGridsInto(plain.fine, mirrored.fine, part, plain.fineGrid);
            }
            if (plain.embeddings != null) {
                TestTimeFlip.meanInto(plain.embeddings, mirrored.embeddings, part, embeddingWidth.getAsInt());
            }
        }
        List<SlicePrediction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] p = new float[HemorrhageLabel.COUNT];
            System.arraycopy(plain.probabilities, i * HemorrhageLabel.COUNT, p, 0, p.length);
            out.add(new SlicePrediction(
                    sanitize(p, "slice"), decoder.decode(plain.detections, i, plain.grid, plain.fine, plain.fineGrid)));
        }
        return new Batch(out, plain.embeddings, flipped.length);
    }

    /**
     * Raw outputs of some slices: {@code n × 7} probabilities, {@code n × S × S × C} detections, {@code n × E}
     * embeddings (null when the model has none), {@code n × F × F × C} fine detections (null without a second grid).
     */
    private record Outputs(
            float[] probabilities, float[] detections, int grid, float[] embeddings, float[] fine, int fineGrid) {
        /** Outputs for {@code count} slices shaped as these, zero-filled. */
        Outputs sized(int count) {
            int n = probabilities.length / HemorrhageLabel.COUNT;
            return new Outputs(
                    new float[count * HemorrhageLabel.COUNT],
                    new float[detections.length / n * count],
                    grid,
                    perSlice(embeddings, n, count),
                    perSlice(fine, n, count),
                    fineGrid);
        }

        private static float[] perSlice(float[] values, int n, int count) {
            return values == null ? null : new float[values.length / n * count];
        }

        /** Writes these outputs into {@code all} from slice {@code first} on. */
        void copyTo(Outputs all, int first) {
            int n = probabilities.length / HemorrhageLabel.COUNT;
            copy(probabilities, all.probabilities, n, first);
            copy(detections, all.detections, n, first);
            copy(embeddings, all.embeddings, n, first);
            copy(fine, all.fine, n, first);
        }

        private static void copy(float[] values, float[] all, int n, int first) {
            if (values != null) {
                System.arraycopy(values, 0, all, first * (values.length / n), values.length);
            }
        }
    }

    private Outputs call(float[] data, int offset, int size) {
        int height = manifest.inputSize().height();
        int width = manifest.inputSize().width();
        int channels = manifest.inputChannels();
        int sliceValues = height * width * channels;
        try (TFloat32 input = TFloat32.tensorOf(Shape.of(size, height, width, channels))) {
            input.asRawTensor().data().asFloats().write(data, offset, size * sliceValues);
            try (Result result = function.call(Map.of(INPUT, input))) {
                TFloat32 probs = (TFloat32) result.get(PROBABILITIES).orElseThrow();
                TFloat32 dets = (TFloat32) result.get(DETECTIONS).orElseThrow();
                checkOutputs(probs.shape(), dets.shape(), size);
                float[] probabilities = new float[size * HemorrhageLabel.COUNT];
                float[] detections = new float[(int) dets.shape().size()];
                probs.asRawTensor().data().asFloats().read(probabilities);
                dets.asRawTensor().data().asFloats().read(detections);
                float[] embeddings = embeddingWidth.isPresent() ? embeddings(result, size) : null;
                int grid = (int) dets.shape().get(1);
                float[] fine = fineGrid ? fineDetections(result, size, grid) : null;
                return new Outputs(probabilities, detections, grid, embeddings, fine, 2 * grid);
            }
        }
    }

    /** The stride-8 grid of a two-grid head: {@code [N, 2S, 2S, 11]}, twice as fine as {@code detections}. */
    private static float[] fineDetections(Result result, int size, int grid) {
        TFloat32 tensor = (TFloat32) result.get(FINE_DETECTIONS).orElseThrow();
        Shape shape = tensor.shape();
        if (shape.numDimensions() != 4
                || shape.get(0) != size
                || shape.get(1) != 2L * grid
                || shape.get(2) != 2L * grid
                || shape.get(3) != DetectionDecoder.CELL_VALUES) {
            throw new IllegalStateException("model output '" + FINE_DETECTIONS + "' has shape " + shape
                    + "; the contract needs [" + size + ", " + 2 * grid + ", " + 2 * grid + ", "
                    + DetectionDecoder.CELL_VALUES + "], twice as fine as '" + DETECTIONS + "'");
        }
        float[] values = new float[(int) shape.size()];
        tensor.asRawTensor().data().asFloats().read(values);
        return values;
    }

    private float[] embeddings(Result result, int size) {
        TFloat32 tensor = (TFloat32) result.get(EMBEDDINGS).orElseThrow();
        Shape shape = tensor.shape();
        if (shape.numDimensions() != 2 || shape.get(0) != size || shape.get(1) != embeddingWidth.getAsInt()) {
            throw new IllegalStateException("model output '" + EMBEDDINGS + "' has shape " + shape + "; expected ["
                    + size + ", " + embeddingWidth.getAsInt() + "]");
        }
        float[] values = new float[(int) shape.size()];
        tensor.asRawTensor().data().asFloats().read(values);
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("model returned a non-finite embedding");
            }
        }
        return values;
    }

    /**
     * The contract's input and outputs must be there, the input with as many channels as the manifest's preprocessing
     * gives when the graph names them; {@code embeddings}, when there, must be float32 [N, E].
     */
    private static OptionalInt checkSignature(Signature signature, ModelManifest manifest) {
        if (!signature.inputNames().contains(INPUT)
                || !signature.outputNames().containsAll(List.of(PROBABILITIES, DETECTIONS))) {
            throw new IllegalArgumentException("signature " + SIGNATURE + " has inputs " + signature.inputNames()
                    + " and outputs " + signature.outputNames() + "; the contract needs input '" + INPUT
                    + "' and outputs '" + PROBABILITIES + "', '" + DETECTIONS + "'");
        }
        Shape image = signature.getInputs().get(INPUT).shape;
        if (!image.isUnknown()
                && image.numDimensions() == 4
                && image.get(3) > 0
                && image.get(3) != manifest.inputChannels()) {
            throw new IllegalArgumentException("the slice network's input '" + INPUT + "' has " + image.get(3)
                    + " channels, but the manifest's preprocessing gives " + manifest.inputChannels()
                    + (manifest.hasSliceContext()
                            ? " (sliceContext: each slice with its two neighbours); remove sliceContext"
                            : "; set \"sliceContext\": true if the network was trained on each slice with its two"
                                    + " neighbours"));
        }
        Signature.TensorDescription embeddings = signature.getOutputs().get(EMBEDDINGS);
        if (embeddings == null) {
            return OptionalInt.empty();
        }
        Shape shape = embeddings.shape;
        if (shape.isUnknown() || shape.numDimensions() != 2 || shape.get(1) < 1) {
            throw new IllegalArgumentException(
                    "output '" + EMBEDDINGS + "' has shape " + shape + "; the contract needs float32 [N, E]");
        }
        return OptionalInt.of((int) shape.get(1));
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

    /** Probabilities clipped to [0, 1]; a non-finite one is a broken model, not a finding. */
    static float[] sanitize(float[] probabilities, String what) {
        for (int i = 0; i < probabilities.length; i++) {
            float p = probabilities[i];
            if (!Float.isFinite(p)) {
                throw new IllegalStateException("model returned a non-finite " + what + " probability for "
                        + HemorrhageLabel.values()[i % HemorrhageLabel.COUNT].code());
            }
            probabilities[i] = Math.min(1f, Math.max(0f, p));
        }
        return probabilities;
    }
}
