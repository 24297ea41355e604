package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One evaluation's study-level predictions ({@code predictions.csv}): per study, the truth and the calibrated
 * probability of each label, as the server would show them. What {@code ichcds compare} reads, and what a person
 * joins with a data set's own columns to see which studies a model gets wrong.
 *
 * @param studies one row per study, in evaluation order
 */
public record Predictions(List<Study> studies) {

    /**
     * One study.
     *
     * @param id StudyInstanceUID (or the data set's own study identifier)
     * @param truths the seven truths in label order
     * @param probabilities the seven calibrated probabilities in label order
     * @param uncalibrated the seven probabilities before the manifest's calibration, in label order
     */
    public record Study(String id, boolean[] truths, double[] probabilities, double[] uncalibrated) {

        public Study {
            Objects.requireNonNull(id, "id");
            if (truths.length != HemorrhageLabel.COUNT
                    || probabilities.length != HemorrhageLabel.COUNT
                    || uncalibrated.length != HemorrhageLabel.COUNT) {
                throw new IllegalArgumentException(
                        "study " + id + " needs " + HemorrhageLabel.COUNT + " values per" + " column group");
            }
            truths = truths.clone();
            probabilities = probabilities.clone();
            uncalibrated = uncalibrated.clone();
        }
    }

    public Predictions {
        studies = List.copyOf(studies);
        Set<String> seen = new HashSet<>();
        for (Study s : studies) {
            if (!seen.add(s.id())) {
                throw new IllegalArgumentException("study " + s.id() + " is listed twice");
            }
        }
    }

    /** The predictions of an evaluation's studies. */
    static Predictions of(EvaluationSamples samples) {
        List<ScoredCase> calibrated = samples.studies();
        List<ScoredCase> uncalibrated = samples.uncalibratedStudies();
        List<Study> out = new ArrayList<>();
        for (int i = 0; i < calibrated.size(); i++) {
            ScoredCase c = calibrated.get(i);
            out.add(new Study(
                    c.id(), c.truths(), c.probabilities(), uncalibrated.get(i).probabilities()));
        }
        return new Predictions(out);
    }

    /** The study with this id, by id. */
    Map<String, Study> byId() {
        Map<String, Study> map = new HashMap<>();
        studies.forEach(s -> map.put(s.id(), s));
        return map;
    }

    /** One label's calibrated probabilities, in study order. */
    double[] probabilities(HemorrhageLabel label) {
        return studies.stream()
                .mapToDouble(s -> s.probabilities()[label.ordinal()])
                .toArray();
    }

    /** One label's truths, in study order. */
    boolean[] truths(HemorrhageLabel label) {
        boolean[] out = new boolean[studies.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = studies.get(i).truths()[label.ordinal()];
        }
        return out;
    }
}
