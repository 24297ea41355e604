package org.ichcds.training.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads an {@code images.csv} mapping RSNA image ids to their SOP and Study Instance UIDs. */
final class ImagesCsv {

    /** Where an image belongs. */
    record ImageUids(String sopInstanceUid, String studyUid) {}

    private ImagesCsv() {}

    /** UIDs by image id. */
    static Map<String, ImageUids> read(Path file) throws IOException {
        Map<String, ImageUids> images = new HashMap<>();
        CsvTable.read(file, List.of("ID", "SOPInstanceUID", "StudyInstanceUID"), row -> {
            String id = row.get("ID");
            String sop = row.get("SOPInstanceUID");
            String study = row.get("StudyInstanceUID");
            if (id.isEmpty() || sop.isEmpty() || study.isEmpty()) {
                throw row.error("ID, SOPInstanceUID and StudyInstanceUID must all be given");
            }
            if (images.put(id, new ImageUids(sop, study)) != null) {
                throw row.error("image " + id + " is listed twice");
            }
        });
        return images;
    }
}
