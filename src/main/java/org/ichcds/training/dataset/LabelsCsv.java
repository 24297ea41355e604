package org.ichcds.training.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Reads an RSNA 2019 {@code labels.csv}: header {@code ID,Label}, rows {@code ID_<image>_<label>,0|1}. The six RSNA
 * labels are required for every image; {@code chronic} (not an RSNA label) is optional and, when absent, is taken
 * from the BHX boxes.
 */
final class LabelsCsv {

    /** Truths of one image, and which labels the file gave. */
    static final class ImageLabels {
        final boolean[] values = new boolean[HemorrhageLabel.COUNT];
        final boolean[] given = new boolean[HemorrhageLabel.COUNT];
        final int firstLine;

        ImageLabels(int firstLine) {
            this.firstLine = firstLine;
        }
    }

    private LabelsCsv() {}

    /** Image id to its labels; an error names the file, line and problem. */
    static Map<String, ImageLabels> read(Path file) throws IOException {
        Map<String, ImageLabels> images = new HashMap<>();
        CsvTable.read(file, List.of("ID", "Label"), row -> {
            String id = row.get("ID");
            int cut = id.lastIndexOf('_');
            if (!id.startsWith("ID_") || cut <= 3) {
                throw row.error("ID " + CsvTable.abbreviate(id) + " is not ID_<image>_<label>");
            }
            HemorrhageLabel label;
            try {
                label = HemorrhageLabel.fromCode(id.substring(cut + 1));
            } catch (IllegalArgumentException e) {
                throw row.error(e.getMessage());
            }
            String value = row.get("Label");
            if (!value.equals("0") && !value.equals("1")) {
                throw row.error("label value " + CsvTable.abbreviate(value) + " is not 0 or 1");
            }
            ImageLabels labels = images.computeIfAbsent(id.substring(0, cut), k -> new ImageLabels(row.line()));
            boolean truth = value.equals("1");
            int i = label.ordinal();
            if (labels.given[i] && labels.values[i] != truth) {
                throw row.error(id + " is given again with a different value");
            }
            labels.given[i] = true;
            labels.values[i] = truth;
        });
        images.forEach((id, labels) -> check(file, id, labels));
        return images;
    }

    private static void check(Path file, String id, ImageLabels labels) {
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            if (label != HemorrhageLabel.CHRONIC && !labels.given[label.ordinal()]) {
                throw CsvTable.error(file, labels.firstLine, "image " + id + " has no row for " + label.code());
            }
            if (label != HemorrhageLabel.ANY && labels.values[label.ordinal()] && !labels.values[0]) {
                throw CsvTable.error(
                        file, labels.firstLine, "image " + id + " has " + label.code() + " = 1 but any = 0");
            }
        }
    }
}
