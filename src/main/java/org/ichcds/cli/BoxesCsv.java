package org.ichcds.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ichcds.preprocessing.PixelBox;

/** Reads a BHX {@code boxes.csv} into boxes per SOPInstanceUID. */
final class BoxesCsv {

    private static final String HEADER = "SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,data,labelName,labelType";
    private static final Pattern ROW = Pattern.compile("([0-9.]+),([0-9.]+),([0-9.]+),\"?\\{'x': *([-0-9.]+), *'y':"
            + " *([-0-9.]+), *'width': *([0-9.]+), *'height': *([0-9.]+)}\"?,([A-Za-z]+),([A-Za-z]+)");

    /** A truth box and its label. */
    record LabelledBox(PixelBox box, String label) {}

    static Map<String, List<LabelledBox>> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new OneLineErrors.UsageException("not a BHX boxes.csv (header should be " + HEADER + "): " + file);
        }
        Map<String, List<LabelledBox>> boxes = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                throw new OneLineErrors.UsageException("bad row " + (i + 1) + " in " + file);
            }
            PixelBox box = new PixelBox(
                    Double.parseDouble(m.group(4)),
                    Double.parseDouble(m.group(5)),
                    Double.parseDouble(m.group(6)),
                    Double.parseDouble(m.group(7)));
            boxes.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new LabelledBox(box, m.group(8)));
        }
        return boxes;
    }
}
