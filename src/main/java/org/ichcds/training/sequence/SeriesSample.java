package org.ichcds.training.sequence;

import org.ichcds.inference.HemorrhageLabel;

/**
 * One series for training a sequence head: its slices' embeddings in slice order and their labels.
 *
 * @param id the study's identifier (for messages)
 * @param slices {@code S}
 * @param embeddings {@code S × E} floats, slice-major
 * @param sliceLabels {@code S × 7} floats, 1 where the slice shows the label
 * @param studyLabels seven floats, 1 where the study shows the label
 */
public record SeriesSample(String id, int slices, float[] embeddings, float[] sliceLabels, float[] studyLabels) {

    public SeriesSample {
        if (slices < 1 || embeddings.length % slices != 0 || embeddings.length == 0) {
            throw new IllegalArgumentException(
                    "series " + id + ": " + embeddings.length + " embedding values are not " + slices + " slices");
        }
        if (sliceLabels.length != slices * HemorrhageLabel.COUNT || studyLabels.length != HemorrhageLabel.COUNT) {
            throw new IllegalArgumentException("series " + id + ": " + sliceLabels.length + " slice labels and "
                    + studyLabels.length + " study labels for " + slices + " slices");
        }
    }

    /** {@code E}. */
    public int embeddingWidth() {
        return embeddings.length / slices;
    }
}
