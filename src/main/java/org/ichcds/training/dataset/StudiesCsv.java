package org.ichcds.training.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the split column of a {@code studies.csv} ({@code StudyInstanceUID,...,split,...}). */
final class StudiesCsv {

    private StudiesCsv() {}

    /** Split by StudyInstanceUID. */
    static Map<String, Split> read(Path file) throws IOException {
        Map<String, Split> splits = new HashMap<>();
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
            if (splits.put(uid, split) != null) {
                throw row.error("study " + uid + " is listed twice");
            }
        });
        return splits;
    }
}
