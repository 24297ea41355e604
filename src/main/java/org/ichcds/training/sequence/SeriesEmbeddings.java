package org.ichcds.training.sequence;

import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.training.dataset.DatasetSlice;
import org.ichcds.training.dataset.SliceSource;
import org.ichcds.training.dataset.Split;

/**
 * The frozen slice network's view of a data split: for each study, its slices' embeddings in volume order with their
 * labels (what a sequence head trains on) and the slice network's own probabilities (the figures the head must beat).
 */
final class SeriesEmbeddings {

    /**
     * One study.
     *
     * @param sample embeddings and labels
     * @param sliceProbabilities the slice network's {@code S × 7} probabilities, slice-major
     */
    record Study(SeriesSample sample, float[] sliceProbabilities) {}

    private SeriesEmbeddings() {}

    /** The studies of one split that have slices, in load order; {@code embedded} runs after each. */
    static List<Study> of(SliceSource source, Split split, TensorFlowModelRunner runner, Runnable embedded) {
        int size = source.settings().inputSize();
        List<Study> studies = new ArrayList<>();
        for (SliceSource.StudyRange range : source.studies()) {
            if (range.study().split() != split || range.count() == 0) {
                continue;
            }
            int s = range.count();
            float[] images = source.images(range);
            float[] embeddings = runner.embeddings(images, s, size, size);
            List<SlicePrediction> predictions = runner.predict(images, s, size, size);
            float[] probabilities = new float[s * HemorrhageLabel.COUNT];
            float[] sliceLabels = new float[s * HemorrhageLabel.COUNT];
            for (int i = 0; i < s; i++) {
                DatasetSlice slice = source.slice(range.first() + i);
                float[] p = predictions.get(i).probabilities();
                for (HemorrhageLabel label : HemorrhageLabel.values()) {
                    int at = i * HemorrhageLabel.COUNT + label.ordinal();
                    probabilities[at] = p[label.ordinal()];
                    sliceLabels[at] = slice.has(label) ? 1f : 0f;
                }
            }
            float[] studyLabels = new float[HemorrhageLabel.COUNT];
            boolean[] truth = range.study().truth();
            for (int l = 0; l < studyLabels.length; l++) {
                studyLabels[l] = truth[l] ? 1f : 0f;
            }
            studies.add(new Study(
                    new SeriesSample(range.study().uid(), s, embeddings, sliceLabels, studyLabels), probabilities));
            embedded.run();
        }
        return studies;
    }
}
