package org.ichcds.training.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Reads a {@code studies.csv} ({@code StudyInstanceUID,...,split,...}): the split of each study, and its other columns
 * (what the study was drawn with, for evaluation to group by).
 */
final class StudiesCsv {

    /** Columns that say which study a row is, or repeat its truth: not attributes of the study. */
    static final Set<String> NOT_ATTRIBUTES = Stream.concat(
                    Stream.of("StudyInstanceUID", "SeriesInstanceUID", "PatientID", "split", "slices"),
                    Stream.of(HemorrhageLabel.values()).map(HemorrhageLabel::code))
            .collect(Collectors.toUnmodifiableSet());

    private StudiesCsv() {}

    /**
     * One study's row.
     *
     * @param split its split
     * @param attributes its other columns by name (empty values left out)
     */
    record Listing(Split split, Map<String, String> attributes) {

        Listing {
            attributes = Map.copyOf(attributes);
        }
    }

    /** Listing by StudyInstanceUID. */
    static Map<String, Listing> read(Path file) throws IOException {
        Map<String, Listing> splits = new HashMap<>();
        CsvTable.read(file, List.of("StudyInstanceUID", "split"), row -> {
            String uid = row.get("StudyInstanceUID");
            if (uid.isEmpty()) {
                throw row.error("StudyInstanceUID is empty");
            }
            Split split;
            try {
                split = Split.fromCode(row.get("split"));
            } catch (IllegalArgumentException e) {
                throw row.error(e.getMessage());
            }
            Map<String, String> attributes = new TreeMap<>(row.all());
            attributes.keySet().removeAll(NOT_ATTRIBUTES);
            attributes.values().removeIf(String::isEmpty);
            if (splits.put(uid, new Listing(split, attributes)) != null) {
                throw row.error("study " + uid + " is listed twice");
            }
        });
        return splits;
    }
}
