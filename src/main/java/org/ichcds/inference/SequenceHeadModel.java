package org.ichcds.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A model's sequence head (the manifest's {@code sequenceHead}): a second SavedModel that reads the per-slice
 * embeddings of a whole series, {@code [1, S, E]} in slice order, and gives slice probabilities refined by their
 * neighbours, {@code [1, S, 7]}, and study probabilities, {@code [1, 7]}. {@code S} is free.
 */
final class SequenceHeadModel implements AutoCloseable {

    static final String INPUT = "embeddings";
    static final String SLICE_PROBABILITIES = "slice_probabilities";
    static final String STUDY_PROBABILITIES = "study_probabilities";

    /**
     * The head's outputs for one series.
     *
     * @param slices {@code S × 7} probabilities, slice-major
     * @param study seven study probabilities
     */
    record Output(float[] slices, float[] study) {}

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final int width;

    private SequenceHeadModel(SavedModelBundle bundle, int width) {
        this.bundle = bundle;
        this.function = bundle.function(SliceNetwork.SIGNATURE);
        this.width = width;
        checkSignature(function.signature(), width);
    }

    /**
     * Loads the head the manifest names. The directory's files were verified with the rest of the model directory.
     *
     * @throws IllegalArgumentException when the directory is missing or the head's signature breaks the contract
     */
    static SequenceHeadModel open(Path modelDirectory, ModelManifest.SequenceHead head, ConfigProto config) {
        Path root = modelDirectory.toAbsolutePath().normalize();
        Path directory = root.resolve(head.directory()).normalize();
        if (!directory.startsWith(root) || !Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("sequence head directory '" + head.directory()
                    + "' named in the manifest holds no saved_model.pb in " + modelDirectory);
        }
        SavedModelBundle bundle = SavedModelBundle.loader(directory.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG)
                .withConfigProto(config)
                .load();
        try {
            return new SequenceHeadModel(bundle, head.embeddingWidth());
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** Runs the head over one series' embeddings, {@code count × E} floats in slice order. */
    Output run(float[] embeddings, int count) {
        if (count < 1 || (long) count * width != embeddings.length) {
            throw new IllegalArgumentException(
                    embeddings.length + " floats are not " + count + " embeddings of width " + width);
        }
        try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, count, width))) {
            input.asRawTensor().data().asFloats().write(embeddings);
            try (Result result = function.call(Map.of(INPUT, input))) {
                float[] slices = read(result, SLICE_PROBABILITIES, Shape.of(1, count, HemorrhageLabel.COUNT));
                float[] study = read(result, STUDY_PROBABILITIES, Shape.of(1, HemorrhageLabel.COUNT));
                return new Output(
                        SliceNetwork.sanitize(slices, "sequence-head slice"),
                        SliceNetwork.sanitize(study, "sequence-head study"));
            }
        }
    }

    private static float[] read(Result result, String name, Shape expected) {
        TFloat32 tensor = (TFloat32) result.get(name).orElseThrow();
        if (!tensor.shape().equals(expected)) {
            throw new IllegalStateException(
                    "sequence head output '" + name + "' has shape " + tensor.shape() + "; expected " + expected);
        }
        float[] values = new float[(int) expected.size()];
        tensor.asRawTensor().data().asFloats().read(values);
        return values;
    }

    private static void checkSignature(Signature signature, int width) {
        if (!signature.inputNames().contains(INPUT)
                || !signature.outputNames().containsAll(List.of(SLICE_PROBABILITIES, STUDY_PROBABILITIES))) {
            throw new IllegalArgumentException("sequence head signature " + SliceNetwork.SIGNATURE + " has inputs "
                    + signature.inputNames() + " and outputs " + signature.outputNames()
                    + "; the contract needs input '"
                    + INPUT + "' and outputs '" + SLICE_PROBABILITIES + "', '" + STUDY_PROBABILITIES + "'");
        }
        Shape shape = signature.getInputs().get(INPUT).shape;
        if (shape.isUnknown() || shape.numDimensions() != 3) {
            throw new IllegalArgumentException(
                    "sequence head input '" + INPUT + "' has shape " + shape + "; the contract needs [1, S, E]");
        }
        if (shape.get(2) != width) {
            throw new IllegalArgumentException("sequence head input '" + INPUT + "' is " + shape.get(2)
                    + " wide but the manifest's sequenceHead.embeddingWidth is " + width);
        }
    }

    @Override
    public void close() {
        bundle.close();
    }
}
