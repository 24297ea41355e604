package org.ichcds.training.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.DicomInstance;
import org.ichcds.dicom.DicomReader;

/**
 * The DICOM files of a data set: every {@code *.dcm} under {@code DIR/dicom} (or under {@code DIR} when there is no
 * such folder), keyed by file stem, which is the RSNA image id.
 */
final class DicomFiles {

    private DicomFiles() {}

    /** Files by image id; two files with one stem are an error, since labels could not tell them apart. */
    static Map<String, Path> scan(Path dir) throws IOException {
        Path root = Files.isDirectory(dir.resolve("dicom")) ? dir.resolve("dicom") : dir;
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(DicomFiles::isDicomFile)::iterator) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".dcm".length());
                Path other = files.put(id, file);
                if (other != null) {
                    throw new IllegalArgumentException(
                            "image id " + id + " names two files: " + other + " and " + file);
                }
            }
        }
        return files;
    }

    /** SOP and Study Instance UIDs read from the DICOM headers, for data sets without {@code images.csv}. */
    static Map<String, ImagesCsv.ImageUids> readUids(Map<String, Path> files) {
        DicomReader reader = new DicomReader();
        Map<String, ImagesCsv.ImageUids> uids = new java.util.concurrent.ConcurrentHashMap<>();
        files.entrySet().parallelStream().forEach(e -> {
            try {
                DicomInstance instance = reader.read(e.getValue());
                uids.put(
                        e.getKey(),
                        new ImagesCsv.ImageUids(
                                instance.slice().sopInstanceUid(),
                                instance.series().studyUid()));
            } catch (DicomFormatException ex) {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
        });
        return new HashMap<>(uids);
    }

    private static boolean isDicomFile(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm")
                && Files.isRegularFile(file);
    }
}
