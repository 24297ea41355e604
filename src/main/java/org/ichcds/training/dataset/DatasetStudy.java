package org.ichcds.training.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One study of a data set: its split, its labelled slices, and its study-level truth (a label is present in the study
 * when any of its slices has it).
 *
 * @param uid StudyInstanceUID
 * @param split train, validation or test
 * @param folder a folder holding this study's files and no other study's, or {@code null} when the files lie among
 *     other studies' (the flat RSNA layout)
 * @param slices labelled slices, in image-id order (slice order along the normal comes from the DICOM geometry)
 * @param attributes what {@code studies.csv} says of the study beyond its ids, split and labels, by column name
 *     (phantoms: style, kernel, tilt_deg, motion, storage, mimics...); empty without studies.csv
 */
public record DatasetStudy(
        String uid, Split split, Path folder, List<DatasetSlice> slices, Map<String, String> attributes) {

    public DatasetStudy {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(split, "split");
        slices = List.copyOf(slices);
        attributes = Map.copyOf(attributes);
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("study " + uid + " has no labelled slice");
        }
    }

    /** A study without listed attributes. */
    public DatasetStudy(String uid, Split split, Path folder, List<DatasetSlice> slices) {
        this(uid, split, folder, slices, Map.of());
    }

    /** Study-level truth of one label: true when any slice has it. */
    boolean has(HemorrhageLabel label) {
        return slices.stream().anyMatch(s -> s.has(label));
    }

    /** Study-level truth in label order. */
    public boolean[] truth() {
        boolean[] truth = new boolean[HemorrhageLabel.COUNT];
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            truth[label.ordinal()] = has(label);
        }
        return truth;
    }
}
