package org.ichcds.training.dataset;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One labelled slice of a data set.
 *
 * @param imageId the RSNA image id ({@code ID_<hex>}), the DICOM file's stem
 * @param sopInstanceUid the slice's SOPInstanceUID
 * @param file its DICOM file
 * @param labels the labels the slice shows (empty for a slice without hemorrhage)
 * @param boxes its BHX boxes in original pixels (often none: BHX boxes only part of the RSNA slices)
 */
public record DatasetSlice(
        String imageId, String sopInstanceUid, Path file, Set<HemorrhageLabel> labels, List<LabelledBox> boxes) {

    public DatasetSlice {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(file, "file");
        labels = Set.copyOf(labels);
        boxes = List.copyOf(boxes);
    }

    /** The truth of one label. */
    public boolean has(HemorrhageLabel label) {
        return labels.contains(label);
    }

    /** Whether the slice shows any hemorrhage. */
    public boolean positive() {
        return labels.contains(HemorrhageLabel.ANY);
    }

    /** Truths in label order, as model targets. */
    float[] targets() {
        float[] targets = new float[HemorrhageLabel.COUNT];
        labels.forEach(l -> targets[l.ordinal()] = 1f);
        return targets;
    }

    /** The labels as a set ordered like the model outputs. */
    Set<HemorrhageLabel> orderedLabels() {
        return labels.isEmpty() ? EnumSet.noneOf(HemorrhageLabel.class) : EnumSet.copyOf(labels);
    }
}
