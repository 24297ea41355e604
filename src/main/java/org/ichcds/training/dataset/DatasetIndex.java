package org.ichcds.training.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ichcds.inference.HemorrhageLabel;

/**
 * What a data set in the RSNA/BHX formats holds: its studies, their split, their labelled slices and truth boxes.
 *
 * <p>Reads {@code DIR/labels.csv} (RSNA 2019, required), {@code DIR/boxes.csv} (BHX, optional), the DICOM files
 * under {@code DIR/dicom} (or {@code DIR}), {@code DIR/images.csv} (image id to SOP and Study UIDs; without it the
 * DICOM headers are read) and {@code DIR/studies.csv} (the split; without it a hash of the StudyInstanceUID splits
 * 70/20/10). A labelled image without a file, or a file without labels, is left out and counted.
 *
 * @param dir the data set folder
 * @param studies every study, in StudyInstanceUID order
 * @param splitSource where the split came from: {@code studies.csv} or {@code hash}
 * @param skippedImages labelled images without a DICOM file or UIDs, left out
 */
public record DatasetIndex(Path dir, List<DatasetStudy> studies, String splitSource, int skippedImages) {

    public DatasetIndex {
        studies = List.copyOf(studies);
    }

    /**
     * Reads a data set folder.
     *
     * @throws IllegalArgumentException naming the file, line and problem of a malformed CSV, or what is missing
     */
    public static DatasetIndex read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("data set folder " + dir + " does not exist");
        }
        Path labelsFile = dir.resolve("labels.csv");
        if (!Files.isRegularFile(labelsFile)) {
            throw new IllegalArgumentException(dir + " has no labels.csv (RSNA 2019 format: ID,Label)");
        }
        Map<String, LabelsCsv.ImageLabels> labels = LabelsCsv.read(labelsFile);
        Path boxesFile = dir.resolve("boxes.csv");
        Map<String, List<LabelledBox>> boxes = Files.isRegularFile(boxesFile) ? BhxBoxesCsv.read(boxesFile) : Map.of();
        Map<String, Path> files = DicomFiles.scan(dir);
        Path imagesFile = dir.resolve("images.csv");
        Map<String, ImagesCsv.ImageUids> uids;
        if (Files.isRegularFile(imagesFile)) {
            uids = ImagesCsv.read(imagesFile);
        } else {
            Map<String, Path> labelled = new HashMap<>(files);
            labelled.keySet().retainAll(labels.keySet());
            uids = DicomFiles.readUids(labelled);
        }
        Map<String, List<DatasetSlice>> byStudy = new TreeMap<>();
        int skipped = 0;
        for (String id : labels.keySet().stream().sorted().toList()) {
            Path file = files.get(id);
            ImagesCsv.ImageUids image = uids.get(id);
            if (file == null || image == null) {
                skipped++;
                continue;
            }
            List<LabelledBox> sliceBoxes = boxes.getOrDefault(image.sopInstanceUid(), List.of());
            byStudy.computeIfAbsent(image.studyUid(), k -> new ArrayList<>())
                    .add(new DatasetSlice(
                            id, image.sopInstanceUid(), file, truth(labels.get(id), sliceBoxes), sliceBoxes));
        }
        if (byStudy.isEmpty()) {
            throw new IllegalArgumentException("no labelled image of " + labelsFile + " has a DICOM file under " + dir
                    + " (" + labels.size() + " labelled, " + files.size() + " files)");
        }
        Path studiesFile = dir.resolve("studies.csv");
        boolean listed = Files.isRegularFile(studiesFile);
        Map<String, StudiesCsv.Listing> listings = listed ? StudiesCsv.read(studiesFile) : Map.of();
        Map<String, Split> splits = listed ? new HashMap<>() : StudySplitter.split(byStudy.keySet());
        listings.forEach((uid, listing) -> splits.put(uid, listing.split()));
        Map<Path, Set<String>> studiesPerFolder = studiesPerFolder(byStudy);
        List<DatasetStudy> studies = new ArrayList<>();
        for (Map.Entry<String, List<DatasetSlice>> e : byStudy.entrySet()) {
            Split split = splits.get(e.getKey());
            if (split == null) {
                throw new IllegalArgumentException("study " + e.getKey() + " is not listed in " + studiesFile);
            }
            Path folder = e.getValue().get(0).file().getParent();
            boolean own =
                    e.getValue().stream().allMatch(s -> s.file().getParent().equals(folder))
                            && studiesPerFolder.get(folder).size() == 1;
            StudiesCsv.Listing listing = listings.get(e.getKey());
            studies.add(new DatasetStudy(
                    e.getKey(),
                    split,
                    own ? folder : null,
                    e.getValue(),
                    listing == null ? Map.of() : listing.attributes()));
        }
        return new DatasetIndex(dir, studies, listed ? "studies.csv" : "hash", skipped);
    }

    /** The studies of one split. */
    public List<DatasetStudy> studies(Split split) {
        return studies.stream().filter(s -> s.split() == split).toList();
    }

    /** Labelled slices in all studies. */
    int sliceCount() {
        return studies.stream().mapToInt(s -> s.slices().size()).sum();
    }

    /**
     * At most {@code count} studies, chosen by the SHA-256 rank of their UID (so a quick run sees a fair sample of
     * every split, the same one each time); the whole index when {@code count} is 0 or not smaller.
     */
    public DatasetIndex limit(int count) {
        if (count <= 0 || count >= studies.size()) {
            return this;
        }
        List<DatasetStudy> kept = studies.stream()
                .sorted(Comparator.comparing((DatasetStudy s) -> StudySplitter.sha256(s.uid())))
                .limit(count)
                .sorted(Comparator.comparing(DatasetStudy::uid))
                .toList();
        return new DatasetIndex(dir, kept, splitSource, skippedImages);
    }

    /** One line: studies and slices per split. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        for (Split split : Split.values()) {
            List<DatasetStudy> part = studies(split);
            long positive =
                    part.stream().filter(s -> s.has(HemorrhageLabel.ANY)).count();
            int slices = part.stream().mapToInt(s -> s.slices().size()).sum();
            text.append(text.isEmpty() ? "" : "; ")
                    .append("%s %d studies (%d positive), %d slices"
                            .formatted(split.code(), part.size(), positive, slices));
        }
        return text + " (split from " + splitSource
                + (skippedImages > 0 ? ", " + skippedImages + " images skipped" : "") + ")";
    }

    private static Set<HemorrhageLabel> truth(LabelsCsv.ImageLabels labels, List<LabelledBox> boxes) {
        Set<HemorrhageLabel> truth = java.util.EnumSet.noneOf(HemorrhageLabel.class);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            if (labels.values[label.ordinal()]) {
                truth.add(label);
            }
        }
        if (!labels.given[HemorrhageLabel.CHRONIC.ordinal()]
                && boxes.stream().anyMatch(b -> b.label() == HemorrhageLabel.CHRONIC)) {
            // RSNA has no chronic label: take it from the BHX boxes of the slice
            truth.add(HemorrhageLabel.CHRONIC);
        }
        return truth;
    }

    private static Map<Path, Set<String>> studiesPerFolder(Map<String, List<DatasetSlice>> byStudy) {
        Map<Path, Set<String>> folders = new HashMap<>();
        byStudy.forEach((uid, slices) ->
                slices.forEach(s -> folders.computeIfAbsent(s.file().getParent(), k -> new HashSet<>())
                        .add(uid)));
        return folders;
    }
}
