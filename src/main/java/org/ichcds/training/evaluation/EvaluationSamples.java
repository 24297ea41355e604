package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Everything an evaluation collected: per-slice and per-study probabilities with their truth, and per-subtype predicted
 * and truth boxes in original pixels. Filled study by study, then read by {@link EvaluationMetrics#of}.
 */
final class EvaluationSamples {

    private final List<ScoredCase> slices = new ArrayList<>();
    private final List<ScoredCase> studies = new ArrayList<>();
    private final List<ScoredCase> uncalibratedStudies = new ArrayList<>();
    private final List<StudyAttributes> attributes = new ArrayList<>();
    private final List<ScoredCase> headStudies = new ArrayList<>();
    private final List<ScoredCase> sliceNetworkStudies = new ArrayList<>();
    private final Map<HemorrhageLabel, List<LabelledBox>> detections = new EnumMap<>(HemorrhageLabel.class);
    private final Map<HemorrhageLabel, List<LabelledBox>> truthBoxes = new EnumMap<>(HemorrhageLabel.class);
    private final Map<String, String> studyOfSlice = new HashMap<>();

    EvaluationSamples() {
        for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
            detections.put(subtype, new ArrayList<>());
            truthBoxes.put(subtype, new ArrayList<>());
        }
    }

    void addSlice(ScoredCase slice) {
        slices.add(slice);
    }

    /** A study whose probabilities need no calibration and whose attributes are unknown. */
    void addStudy(ScoredCase study) {
        addStudy(study, study, StudyAttributes.UNKNOWN);
    }

    /**
     * A study: its calibrated probabilities (what the server shows), the model's uncalibrated ones, and its
     * attributes.
     */
    void addStudy(ScoredCase calibrated, ScoredCase uncalibrated, StudyAttributes studyAttributes) {
        studies.add(calibrated);
        uncalibratedStudies.add(uncalibrated);
        attributes.add(studyAttributes);
    }

    /**
     * The two study outputs of a model with a sequence head for the study added last (uncalibrated, every label): the
     * head's and the slice network's maximum over slices.
     */
    void addStudySources(ScoredCase head, ScoredCase sliceNetwork) {
        if (headStudies.size() != studies.size() - 1) {
            throw new IllegalStateException("study sources belong to the study added last, once");
        }
        headStudies.add(head);
        sliceNetworkStudies.add(sliceNetwork);
    }

    /** The head's study outputs, in study order; empty unless every study had them. */
    List<ScoredCase> headStudies() {
        return headStudies.size() == studies.size() ? List.copyOf(headStudies) : List.of();
    }

    /** The slice network's maximum over slices, in study order; empty unless every study had them. */
    List<ScoredCase> sliceNetworkStudies() {
        return sliceNetworkStudies.size() == studies.size() ? List.copyOf(sliceNetworkStudies) : List.of();
    }

    /** A predicted box, in the slice's own pixels. */
    void addDetection(LabelledBox detection) {
        detections.get(detection.label()).add(detection);
    }

    /** Which study a slice (by SOP Instance UID) belongs to. */
    void addSliceOfStudy(String sopInstanceUid, String studyUid) {
        studyOfSlice.put(sopInstanceUid, studyUid);
    }

    /** The study of a slice added by {@link #addSliceOfStudy}; the slice's own UID when it was not added. */
    String studyOf(String sopInstanceUid) {
        return studyOfSlice.getOrDefault(sopInstanceUid, sopInstanceUid);
    }

    /** A truth box, in the slice's own pixels. */
    void addTruthBox(LabelledBox box) {
        truthBoxes.get(box.label()).add(box);
    }

    List<ScoredCase> slices() {
        return List.copyOf(slices);
    }

    /** Studies with calibrated probabilities. */
    List<ScoredCase> studies() {
        return List.copyOf(studies);
    }

    /** The same studies, in the same order, with the model's uncalibrated probabilities. */
    List<ScoredCase> uncalibratedStudies() {
        return List.copyOf(uncalibratedStudies);
    }

    /** The attributes of the studies, in study order. */
    List<StudyAttributes> studyAttributes() {
        return List.copyOf(attributes);
    }

    List<LabelledBox> detections(HemorrhageLabel subtype) {
        return List.copyOf(detections.get(HemorrhageLabel.requireSubtype(subtype)));
    }

    /** Every subtype's boxes as evaluated. */
    Map<HemorrhageLabel, List<LabelledBox>> detections() {
        Map<HemorrhageLabel, List<LabelledBox>> out = new EnumMap<>(HemorrhageLabel.class);
        HemorrhageLabel.subtypes().forEach(s -> out.put(s, detections(s)));
        return out;
    }

    /** A box's new score from its score and its study's probability of the box's subtype; NaN leaves the box out. */
    interface Rescoring {
        double score(double boxScore, float studyProbability);
    }

    /**
     * Every subtype's boxes with new scores, each from its study's probabilities in {@code byStudy} (keyed by study
     * id); the boxes themselves are kept.
     *
     * @throws IllegalStateException when a box lies on a slice of a study {@code byStudy} does not hold
     */
    Map<HemorrhageLabel, List<LabelledBox>> rescoredDetections(Map<String, float[]> byStudy, Rescoring rescoring) {
        Map<HemorrhageLabel, List<LabelledBox>> out = new EnumMap<>(HemorrhageLabel.class);
        for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
            List<LabelledBox> rescored = new ArrayList<>();
            for (LabelledBox d : detections.get(subtype)) {
                float[] p = byStudy.get(studyOf(d.sopInstanceUid()));
                if (p == null) {
                    throw new IllegalStateException("a box lies on a slice of no evaluated study");
                }
                double score = rescoring.score(d.score(), p[subtype.ordinal()]);
                if (!Double.isNaN(score)) {
                    rescored.add(new LabelledBox(d.sopInstanceUid(), subtype, score, d.box()));
                }
            }
            out.put(subtype, rescored);
        }
        return out;
    }

    List<LabelledBox> truthBoxes(HemorrhageLabel subtype) {
        return List.copyOf(truthBoxes.get(HemorrhageLabel.requireSubtype(subtype)));
    }

    /** One label's scores over the cases, in case order. */
    static double[] scores(List<ScoredCase> cases, HemorrhageLabel label) {
        return cases.stream().mapToDouble(c -> c.probability(label)).toArray();
    }

    /** One label's truths over the cases, in case order. */
    static boolean[] truths(List<ScoredCase> cases, HemorrhageLabel label) {
        boolean[] out = new boolean[cases.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cases.get(i).truth(label);
        }
        return out;
    }
}
