package org.ichcds.inference;

import java.util.List;

/**
 * What the model predicts for a whole study, one prediction per label in contract order. These are the model's raw
 * study-level scores; the findings that reports and cards speak of (operating thresholds applied, boxes in the
 * slices' own pixels) are {@code reporting.StudyFindings}.
 *
 * @param sliceCount number of slices aggregated
 * @param labels seven label predictions, indexed by {@link HemorrhageLabel#ordinal()}
 */
public record StudyPrediction(int sliceCount, List<LabelPrediction> labels) {

    public StudyPrediction {
        labels = List.copyOf(labels);
        if (labels.size() != HemorrhageLabel.COUNT) {
            throw new IllegalArgumentException(
                    "a study prediction needs " + HemorrhageLabel.COUNT + " labels, got " + labels.size());
        }
    }

    /** The prediction for one label. */
    public LabelPrediction label(HemorrhageLabel label) {
        return labels.get(label.ordinal());
    }
}
