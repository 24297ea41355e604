package org.ichcds.inference;

import java.util.ArrayList;
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
 * (the pooled features its classifier reads) that a sequence head takes.
 */
final class SliceNetwork {

    static final String SIGNATURE = "serving_default";
    static final String INPUT = "image";
    static final String PROBABILITIES = "probabilities";
    static final String DETECTIONS = "detections";
    static final String EMBEDDINGS = "embeddings";

    /** Predictions of some slices, and their embeddings ({@code count × E}) when the model has them, else null. */
    record Batch(List<SlicePrediction> predictions, float[] embeddings) {}

    private final ModelManifest manifest;
    private final SessionFunction function;
    private final DetectionDecoder decoder;
    private final OptionalInt embeddingWidth;

    SliceNetwork(ModelManifest manifest, SessionFunction function, DetectionDecoder decoder) {
        this.manifest = manifest;
        this.function = function;
        this.decoder = decoder;
        this.embeddingWidth = checkSignature(function.signature());
    }

    /** The width {@code E} of the {@code embeddings} output, when the model has one. */
    OptionalInt embeddingWidth() {
        return embeddingWidth;
    }

    /**
     * Runs slices {@code first … first + size − 1} of {@code nhwc} in one call; with {@link TestTimeAugmentation#FLIP}
     * the call also holds their mirrored copies, and each slice's outputs merge both passes ({@link TestTimeFlip}).
     */
    Batch run(float[] nhwc, int first, int size) {
        int height = manifest.inputSize().height();
        int width = manifest.inputSize().width();
        boolean flip = manifest.augmentation() == TestTimeAugmentation.FLIP;
        int passes = flip ? 2 : 1;
        int sliceValues = height * width * 3;
        float[] probabilities = new float[passes * size * HemorrhageLabel.COUNT];
        float[] detections;
        float[] embeddings = null;
        int grid;
        try (TFloat32 input = TFloat32.tensorOf(Shape.of(passes * size, height, width, 3))) {
            if (flip) {
                input.asRawTensor()
                        .data()
                        .asFloats()
                        .write(TestTimeFlip.withMirrored(nhwc, first, size, height, width));
            } else {
                input.asRawTensor().data().asFloats().write(nhwc, first * sliceValues, size * sliceValues);
            }
            try (Result result = function.call(Map.of(INPUT, input))) {
                TFloat32 probs = (TFloat32) result.get(PROBABILITIES).orElseThrow();
                TFloat32 dets = (TFloat32) result.get(DETECTIONS).orElseThrow();
                checkOutputs(probs.shape(), dets.shape(), passes * size);
                grid = (int) dets.shape().get(1);
                detections = new float[(int) dets.shape().size()];
                probs.asRawTensor().data().asFloats().read(probabilities);
                dets.asRawTensor().data().asFloats().read(detections);
                if (embeddingWidth.isPresent()) {
                    embeddings = embeddings(result, passes * size);
                }
            }
        }
        if (flip) {
            probabilities = TestTimeFlip.meanOfPasses(probabilities, size, HemorrhageLabel.COUNT);
            detections = TestTimeFlip.mergeGrids(detections, size, grid);
            if (embeddings != null) {
                embeddings = TestTimeFlip.meanOfPasses(embeddings, size, embeddingWidth.getAsInt());
            }
        }
        List<SlicePrediction> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            float[] p = new float[HemorrhageLabel.COUNT];
            System.arraycopy(probabilities, i * HemorrhageLabel.COUNT, p, 0, p.length);
            out.add(new SlicePrediction(sanitize(p, "slice"), decoder.decode(detections, i, grid)));
        }
        return new Batch(out, embeddings);
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

    /** The contract's input and outputs must be there; {@code embeddings}, when there, must be float32 [N, E]. */
    private static OptionalInt checkSignature(Signature signature) {
        if (!signature.inputNames().contains(INPUT)
                || !signature.outputNames().containsAll(List.of(PROBABILITIES, DETECTIONS))) {
            throw new IllegalArgumentException("signature " + SIGNATURE + " has inputs " + signature.inputNames()
                    + " and outputs " + signature.outputNames() + "; the contract needs input '" + INPUT
                    + "' and outputs '" + PROBABILITIES + "', '" + DETECTIONS + "'");
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
