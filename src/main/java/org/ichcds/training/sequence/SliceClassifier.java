package org.ichcds.training.sequence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.ichcds.inference.HemorrhageLabel;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;

/**
 * The slice network's classifier, the dense layer from a slice's embedding to its seven logits ({@code logits = e · W
 * + b}), read from an exported model's SavedModel variables. A sequence head started from it predicts, before any
 * training, exactly what the slice network does, and learns only what the neighbours add.
 *
 * @param kernel {@code W}, {@code E × 7}, row-major
 * @param bias {@code b}, seven values
 */
public record SliceClassifier(float[] kernel, float[] bias) {

    static final String KERNEL = "classifier_kernel";
    static final String BIAS = "classifier_bias";

    public SliceClassifier {
        if (bias.length != HemorrhageLabel.COUNT || kernel.length == 0 || kernel.length % HemorrhageLabel.COUNT != 0) {
            throw new IllegalArgumentException("a slice classifier needs an E x " + HemorrhageLabel.COUNT
                    + " kernel and " + HemorrhageLabel.COUNT + " biases, got " + kernel.length + " and "
                    + bias.length + " values");
        }
        kernel = kernel.clone();
        bias = bias.clone();
    }

    /** {@code E}. */
    public int embeddingWidth() {
        return kernel.length / HemorrhageLabel.COUNT;
    }

    /** The seven logits of one embedding. */
    public float[] logits(float[] embedding) {
        int width = embeddingWidth();
        if (embedding.length != width) {
            throw new IllegalArgumentException(embedding.length + " values are not an embedding of width " + width);
        }
        float[] out = bias.clone();
        for (int f = 0; f < width; f++) {
            for (int l = 0; l < out.length; l++) {
                out[l] += embedding[f] * kernel[f * out.length + l];
            }
        }
        return out;
    }

    /**
     * The classifier of an exported model made by {@code train}.
     *
     * @param width the embedding width the model's runner reports; a classifier of another width is refused
     */
    public static SliceClassifier read(Path model, int width) {
        Path prefix = model.resolve("variables").resolve("variables");
        if (!Files.isRegularFile(prefix.resolveSibling("variables.index"))) {
            throw new IllegalArgumentException(
                    model + " holds no SavedModel variables (variables/variables.index): not an exported model");
        }
        try (Graph graph = new Graph();
                Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Restore restored = tf.train.restore(
                    tf.constant(prefix.toString()),
                    tf.constant(StandardCharsets.UTF_8, new String[] {KERNEL, BIAS}),
                    tf.constant(StandardCharsets.UTF_8, new String[] {"", ""}),
                    Collections.nCopies(2, TFloat32.class));
            try (Result result = session.runner()
                    .fetch(restored.tensors().get(0))
                    .fetch(restored.tensors().get(1))
                    .run()) {
                TFloat32 w = (TFloat32) result.get(0);
                TFloat32 b = (TFloat32) result.get(1);
                if (!w.shape().equals(Shape.of(width, HemorrhageLabel.COUNT))
                        || b.shape().size() != HemorrhageLabel.COUNT) {
                    throw new IllegalArgumentException("model " + model + "'s classifier is " + w.shape() + " + "
                            + b.shape() + ", not " + width + " x " + HemorrhageLabel.COUNT);
                }
                float[] kernel = new float[width * HemorrhageLabel.COUNT];
                float[] bias = new float[HemorrhageLabel.COUNT];
                w.asRawTensor().data().asFloats().read(kernel);
                b.asRawTensor().data().asFloats().read(bias);
                return new SliceClassifier(kernel, bias);
            }
        } catch (TensorFlowException e) {
            throw new IllegalArgumentException(
                    "model " + model + " has no slice classifier (" + KERNEL + ", " + BIAS
                            + ") to start a sequence head from: " + firstLine(e.getMessage()) + "; use --random-init",
                    e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
