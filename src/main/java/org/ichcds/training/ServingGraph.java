package org.ichcds.training;

import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The inference pass and its {@code serving_default} signature: input {@code image}, outputs {@code probabilities},
 * {@code detections} and {@code embeddings} (the pooled features a sequence head reads), and with a two-grid detection
 * head {@code fine_detections} (its stride-8 grid), as {@code models/README.md} specifies.
 */
final class ServingGraph {

    static final String SIGNATURE_KEY = "serving_default";

    final Placeholder<TFloat32> image;
    final Operand<TFloat32> probabilities;
    final Operand<TFloat32> detections;
    final Operand<TFloat32> embeddings;
    /** The stride-8 grid of a two-grid head, else null. */
    final Operand<TFloat32> fineDetections;
    /** The raw outputs of the inference pass, for validation losses. */
    final ResNetV2.Logits logits;

    private ServingGraph(
            Placeholder<TFloat32> image,
            ResNetV2.Logits logits,
            Operand<TFloat32> probabilities,
            Operand<TFloat32> detections,
            Operand<TFloat32> embeddings,
            Operand<TFloat32> fineDetections) {
        this.image = image;
        this.fineDetections = fineDetections;
        this.embeddings = embeddings;
        this.logits = logits;
        this.probabilities = probabilities;
        this.detections = detections;
    }

    /** The image placeholder, {@code [N, H, W, 3]} float32 ({@code [N, H, W, 9]} with slice context). */
    static Placeholder<TFloat32> imagePlaceholder(Ops tf, ModelConfig config) {
        Shape shape = Shape.of(-1, config.inputSize(), config.inputSize(), config.inputChannels());
        return tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(shape));
    }

    /** Wires the inference pass (batch norm on moving averages) onto {@code image}. */
    static ServingGraph build(LayerBuilder layers, ModelConfig config, Placeholder<TFloat32> image) {
        layers.training(false);
        ResNetV2.Logits logits = new ResNetV2(config).build(layers, image);
        Ops tf = layers.tf();
        Operand<TFloat32> probabilities = tf.withName("probabilities").math.sigmoid(logits.classification());
        Operand<TFloat32> detections = tf.withName("detections").math.sigmoid(logits.detection());
        Operand<TFloat32> embeddings = tf.withName("embeddings").identity(logits.embeddings());
        Operand<TFloat32> fine = logits.fineDetection() == null
                ? null
                : tf.withName("fine_detections").math.sigmoid(logits.fineDetection());
        return new ServingGraph(image, logits, probabilities, detections, embeddings, fine);
    }

    Signature signature() {
        Signature.Builder signature = Signature.builder(SIGNATURE_KEY)
                .input("image", image)
                .output("probabilities", probabilities)
                .output("detections", detections)
                .output("embeddings", embeddings);
        if (fineDetections != null) {
            signature.output("fine_detections", fineDetections);
        }
        return signature.build();
    }
}
