package org.ichcds.training.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The epochs of a run, kept beside the checkpoints in {@code history.json} so that a resumed run still knows its best
 * epoch and how long it has not improved.
 */
final class RunHistory {

    static final String FILE = "history.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<EpochSummary> epochs;

    private RunHistory(Path file, List<EpochSummary> epochs) {
        this.file = file;
        this.epochs = epochs;
    }

    /** The history in a checkpoint folder; empty when there is none yet. */
    static RunHistory in(Path checkpoints) throws IOException {
        Path file = checkpoints.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new RunHistory(file, new ArrayList<>());
        }
        try {
            return new RunHistory(file, new ArrayList<>(JSON.readValue(file.toFile(), new TypeReference<>() {})));
        } catch (IOException e) {
            throw new IllegalArgumentException("training history " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** A new, empty history for a run starting from scratch in this folder. */
    static RunHistory fresh(Path checkpoints) {
        return new RunHistory(checkpoints.resolve(FILE), new ArrayList<>());
    }

    /** Records an epoch (replacing a record of the same epoch left by an interrupted run) and saves. */
    void add(EpochSummary summary) throws IOException {
        epochs.removeIf(e -> e.epoch() >= summary.epoch());
        epochs.add(summary);
        Files.createDirectories(file.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), epochs);
    }

    List<EpochSummary> epochs() {
        return List.copyOf(epochs);
    }

    /** The best epoch by {@code selection}. */
    Optional<EpochSummary> best(EpochSelection selection) {
        return selection.best(epochs);
    }

    /** Epochs run since the best one by {@code selection}. */
    int epochsSinceBest(EpochSelection selection) {
        int last = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
        return best(selection).map(b -> last - b.epoch()).orElse(0);
    }
}
