package org.ichcds.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.op.Ops;

/**
 * Exports a trained network as a SavedModel holding the inference graph only: the trained variables are saved to a
 * scratch checkpoint and restored, by name, into a freshly built serving graph, so the export carries neither the
 * training ops nor the optimizer's state.
 */
final class SavedModelExport {

    private final ModelConfig config;
    private final TrainerOptions options;

    SavedModelExport(ModelConfig config, TrainerOptions options) {
        this.config = config;
        this.options = options;
    }

    void export(Session training, Path directory) throws IOException {
        requireEmpty(directory);
        Path scratch = Files.createTempDirectory("ichcds-export");
        try (Graph graph = new Graph()) {
            Path prefix = scratch.resolve("variables");
            training.save(prefix.toString());
            Ops tf = Ops.create(graph);
            LayerBuilder layers = new LayerBuilder(tf, options.seed(), options.bnMomentum());
            ServingGraph serving = ServingGraph.build(layers, config, ServingGraph.imagePlaceholder(tf, config));
            try (Session session = new Session(graph, Trainer.sessionConfig(options.threads()))) {
                session.initialize();
                session.restore(prefix.toString());
                SavedModelBundle.exporter(directory.toString())
                        .withSession(session)
                        .withFunction(SessionFunction.create(serving.signature(), session))
                        .export();
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static void requireEmpty(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("export directory " + directory + " is not empty");
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
