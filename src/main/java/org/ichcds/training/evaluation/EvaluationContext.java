package org.ichcds.training.evaluation;

import java.util.List;
import java.util.Objects;

/**
 * What was evaluated and how, for the report's header.
 *
 * @param modelId manifest id
 * @param modelVersion manifest version
 * @param modelDirectory the model directory as given
 * @param dataDirectory the data set directory as given
 * @param split the split evaluated ({@code train}, {@code val}, {@code test} or {@code all})
 * @param commandLine the command that produced the report
 * @param date ISO-8601 date and time of the run
 * @param seconds wall time of the run
 * @param notes caveats a reader should know (images left out of the data set, slices not in the chosen series)
 * @param shownBoxes the boxes a server would show, or null when they were not measured
 */
public record EvaluationContext(
        String modelId,
        String modelVersion,
        String modelDirectory,
        String dataDirectory,
        String split,
        String commandLine,
        String date,
        double seconds,
        List<String> notes,
        ShownBoxes.Summary shownBoxes) {

    public EvaluationContext {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(date, "date");
        notes = List.copyOf(notes);
    }
}
