package org.ichcds.inference;

import java.util.List;
import java.util.Optional;

/**
 * What the model says about one series: a prediction per slice in slice order and, from a model with a sequence head,
 * its own study-level probabilities. Without them the study probability is aggregated from the slices
 * ({@link StudyAggregator}).
 *
 * @param slices one prediction per slice, in slice order (refined by the sequence head when the model has one)
 * @param studyProbabilities seven uncalibrated study probabilities in {@link HemorrhageLabel} order, or empty
 */
public record SeriesPrediction(List<SlicePrediction> slices, Optional<float[]> studyProbabilities) {

    public SeriesPrediction {
        slices = List.copyOf(slices);
        studyProbabilities = studyProbabilities.map(p -> checked(p.clone()));
    }

    /** Slice predictions alone: the study probability is aggregated from them. */
    public static SeriesPrediction ofSlices(List<SlicePrediction> slices) {
        return new SeriesPrediction(slices, Optional.empty());
    }

    @Override
    public Optional<float[]> studyProbabilities() {
        return studyProbabilities.map(float[]::clone);
    }

    /** Whether the study probabilities are the model's own study output rather than an aggregate of slices. */
    public boolean hasStudyOutput() {
        return studyProbabilities.isPresent();
    }

    /** The study probability of one label from the model's study output; only when {@link #hasStudyOutput()}. */
    float studyProbability(HemorrhageLabel label) {
        return studyProbabilities.get()[label.ordinal()];
    }

    private static float[] checked(float[] probabilities) {
        if (probabilities.length != HemorrhageLabel.COUNT) {
            throw new IllegalArgumentException(
                    "a study output needs " + HemorrhageLabel.COUNT + " probabilities, got " + probabilities.length);
        }
        for (float p : probabilities) {
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException("study probability " + p + " is outside [0, 1]");
            }
        }
        return probabilities;
    }
}
