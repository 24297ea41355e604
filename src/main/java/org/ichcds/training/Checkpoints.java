package org.ichcds.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Per-epoch checkpoints in one directory: {@code epoch-NNNN/variables.*} (TensorFlow's checkpoint format, all
 * variables including Adam's moments) and {@code checkpoint.json} naming the latest epoch and the model configuration.
 */
final class Checkpoints {

    static final String STATE_FILE = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code checkpoint.json} holds. */
    record State(int epoch, String prefix, ModelConfig config) {}

    private final Path directory;

    Checkpoints(Path directory) {
        this.directory = directory;
    }

    /** The prefix TensorFlow should save an epoch to; creates its folder. */
    Path prefixFor(int epoch) throws IOException {
        Path folder = directory.resolve("epoch-%04d".formatted(epoch));
        Files.createDirectories(folder);
        return folder.resolve("variables");
    }

    /** The prefix an epoch was saved to; an error when that epoch has no checkpoint. */
    Path existingPrefix(int epoch) {
        Path prefix = directory.resolve("epoch-%04d".formatted(epoch)).resolve("variables");
        if (!Files.isRegularFile(prefix.resolveSibling("variables.index"))) {
            throw new IllegalArgumentException("no checkpoint of epoch " + epoch + " in " + directory);
        }
        return prefix;
    }

    /** Records an epoch as the latest, atomically so an interrupted write leaves the previous state. */
    void markLatest(int epoch, Path prefix, ModelConfig config) throws IOException {
        State state = new State(epoch, directory.relativize(prefix).toString(), config);
        Path temporary = directory.resolve(STATE_FILE + ".tmp");
        JSON.writeValue(temporary.toFile(), state);
        Files.move(
                temporary,
                directory.resolve(STATE_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The latest state, if any; refuses a checkpoint of another configuration. */
    Optional<State> latest(ModelConfig expected) throws IOException {
        Path file = directory.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        State state;
        try {
            state = JSON.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint state " + file + " is unreadable: " + e.getMessage(), e);
        }
        if (state == null || state.prefix() == null || state.epoch() < 0) {
            throw new IllegalArgumentException("checkpoint state " + file + " is incomplete");
        }
        if (!expected.equals(state.config())) {
            throw new IllegalArgumentException(
                    "checkpoint in " + directory + " is of model " + state.config() + ", not " + expected);
        }
        return Optional.of(state);
    }

    Path resolve(String prefix) {
        Path resolved = directory.resolve(prefix).normalize();
        if (!resolved.startsWith(directory.normalize())) {
            throw new IllegalArgumentException("checkpoint prefix " + prefix + " points outside " + directory);
        }
        return resolved;
    }
}
