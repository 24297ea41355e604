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
 * @param sources from a model with a sequence head, both study outputs it chose between per label; empty otherwise
 */
public record SeriesPrediction(
        List<SlicePrediction> slices, Optional<float[]> studyProbabilities, Optional<StudySources> sources) {

    /**
     * The two study outputs of a model with a sequence head, for every label, before the manifest's choice of which
     * labels the head serves ({@code sequenceHead.labels}): what a calibration chooses between.
     *
     * @param head the head's {@code study_probabilities}
     * @param sliceNetwork the maximum over the series' slices of the slice network's own probabilities
     */
    public record StudySources(float[] head, float[] sliceNetwork) {
        public StudySources {
            head = checked(head.clone());
            sliceNetwork = checked(sliceNetwork.clone());
        }

        @Override
        public float[] head() {
            return head.clone();
        }

        @Override
        public float[] sliceNetwork() {
            return sliceNetwork.clone();
        }
    }

    public SeriesPrediction {
        slices = List.copyOf(slices);
        studyProbabilities = studyProbabilities.map(p -> checked(p.clone()));
        java.util.Objects.requireNonNull(sources, "sources");
    }

    /** Slices and a study output, without sources. */
    public SeriesPrediction(List<SlicePrediction> slices, Optional<float[]> studyProbabilities) {
        this(slices, studyProbabilities, Optional.empty());
    }

    /** Slice predictions alone: the study probability is aggregated from them. */
    public static SeriesPrediction ofSlices(List<SlicePrediction> slices) {
        return new SeriesPrediction(slices, Optional.empty(), Optional.empty());
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
