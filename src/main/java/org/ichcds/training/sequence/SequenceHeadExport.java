package org.ichcds.training.sequence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Exports a trained head as a SavedModel holding the forward pass only: the trained variables are saved to a scratch
 * checkpoint and restored, by name, into a freshly built graph, so the export carries neither the loss nor the
 * optimizer's state. Signature {@code serving_default}: input {@code embeddings} {@code [1, -1, E]}, outputs {@code
 * slice_probabilities} {@code [1, S, 7]} and {@code study_probabilities} {@code [1, 7]}.
 */
final class SequenceHeadExport {

    private final SequenceHeadConfig config;

    SequenceHeadExport(SequenceHeadConfig config) {
        this.config = config;
    }

    /**
     * @param save writes the trained variables under a checkpoint prefix
     * @param directory a directory that does not exist yet
     */
    void export(Consumer<Path> save, Path directory) throws IOException {
        if (Files.exists(directory)) {
            throw new IllegalArgumentException("sequence head directory " + directory + " already exists");
        }
        Path scratch = Files.createTempDirectory("ichcds-sequence-export");
        try (Graph serving = new Graph()) {
            Path prefix = scratch.resolve("variables");
            save.accept(prefix);
            Ops tf = Ops.create(serving);
            Placeholder<TFloat32> input = SequenceHeadTrainer.input(tf, config.embeddingWidth());
            SequenceHeadNetwork.Logits logits = new SequenceHeadNetwork(tf, config, null).build(input);
            Operand<TFloat32> slices =
                    tf.withName(SequenceHeadTrainer.SLICE_PROBABILITIES).math.sigmoid(logits.slices());
            Operand<TFloat32> study =
                    tf.withName(SequenceHeadTrainer.STUDY_PROBABILITIES).math.sigmoid(logits.study());
            try (Session session = new Session(serving, SequenceHeadTrainer.sessionConfig(config.threads()))) {
                session.initialize();
                session.restore(prefix.toString());
                Signature signature = Signature.builder(Signature.DEFAULT_KEY)
                        .input(SequenceHeadTrainer.INPUT, input)
                        .output(SequenceHeadTrainer.SLICE_PROBABILITIES, slices)
                        .output(SequenceHeadTrainer.STUDY_PROBABILITIES, study)
                        .build();
                SavedModelBundle.exporter(directory.toString())
                        .withSession(session)
                        .withFunction(SessionFunction.create(signature, session))
                        .export();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
