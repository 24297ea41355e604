package org.ichcds.training.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;

/**
 * Reads a BHX {@code boxes.csv} (Reis et al. 2020, PhysioNet "Brain Hemorrhage Extended"): header
 * {@code SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,data,labelName,labelType}, {@code data} = {@code {'x': ..,
 * 'y': .., 'width': .., 'height': ..}} in pixels from the top-left corner. Rows whose labelType is not {@code Box} are
 * skipped (they carry no box).
 */
public final class BhxBoxesCsv {

    /** Largest coordinate accepted: DICOM Rows and Columns are 16-bit (PS3.3 C.7.6.3.1). */
    private static final double MAX_PIXELS = 65_536;

    static final List<String> COLUMNS =
            List.of("SOPInstanceUID", "SeriesInstanceUID", "StudyInstanceUID", "data", "labelName", "labelType");

    private BhxBoxesCsv() {}

    /** Boxes by SOPInstanceUID; a malformed file is refused naming its line. */
    public static Map<String, List<LabelledBox>> read(Path file) throws IOException {
        Map<String, List<LabelledBox>> boxes = new HashMap<>();
        CsvTable.read(file, COLUMNS, row -> {
            if (!row.get("labelType").equalsIgnoreCase("Box")) {
                return;
            }
            String sop = row.get("SOPInstanceUID");
            if (sop.isEmpty()) {
                throw row.error("SOPInstanceUID is empty");
            }
            HemorrhageLabel label = label(row);
            PixelBox box = box(row);
            boxes.computeIfAbsent(sop, k -> new ArrayList<>()).add(LabelledBox.truth(sop, label, box));
        });
        return boxes;
    }

    private static HemorrhageLabel label(CsvTable.Row row) {
        String name = row.get("labelName");
        for (HemorrhageLabel label : HemorrhageLabel.subtypes()) {
            if (label.bhxLabel().orElseThrow().equalsIgnoreCase(name)) {
                return label;
            }
        }
        throw row.error("labelName " + CsvTable.abbreviate(name) + " is not a BHX subtype");
    }

    /** Parses the Python-dict {@code data} field; keys may come in any order. */
    private static PixelBox box(CsvTable.Row row) {
        String data = row.get("data");
        if (!data.startsWith("{") || !data.endsWith("}")) {
            throw row.error(
                    "data " + CsvTable.abbreviate(data) + " is not {'x': .., 'y': .., 'width': .., 'height': ..}");
        }
        Map<String, Double> values = new HashMap<>();
        for (String entry : data.substring(1, data.length() - 1).split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw row.error("data entry " + CsvTable.abbreviate(entry.strip()) + " has no ':'");
            }
            String key = entry.substring(0, colon).strip().replace("'", "").replace("\"", "");
            values.put(
                    key.toLowerCase(Locale.ROOT),
                    number(row, key, entry.substring(colon + 1).strip()));
        }
        for (String key : List.of("x", "y", "width", "height")) {
            if (!values.containsKey(key)) {
                throw row.error("data " + CsvTable.abbreviate(data) + " has no '" + key + "'");
            }
        }
        double width = values.get("width");
        double height = values.get("height");
        if (!(width > 0 && height > 0)) {
            throw row.error("box of " + width + " x " + height + " pixels is empty");
        }
        return new PixelBox(values.get("x"), values.get("y"), width, height);
    }

    private static double number(CsvTable.Row row, String key, String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw row.error("'" + key + "' is " + CsvTable.abbreviate(text) + ", not a number");
        }
        if (!Double.isFinite(value) || Math.abs(value) > MAX_PIXELS) {
            throw row.error("'" + key + "' is " + text + ", outside ±" + (int) MAX_PIXELS + " pixels");
        }
        return value;
    }
}
