package org.ichcds.training.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.StudyCalls;

/**
 * The figures of one evaluation: per label at study and slice level, the weighted log loss over slices, and box AP per
 * subtype. Slice-level confusion counts use the same per-label thresholds as the study level (the manifest's
 * operating thresholds).
 *
 * @param study per-label study-level figures, in label order
 * @param slice per-label slice-level figures, in label order
 * @param weightedLogLoss mean over slices of the log loss over the seven labels, {@code any} weighted 2 and the
 *     others 1 (the weighting the model is trained with); empty without slices
 * @param rsnaWeightedLogLoss the same over the six RSNA 2019 labels only ({@code chronic} left out), comparable to
 *     the challenge's leaderboard; empty without slices
 * @param boxes per-subtype detection figures, in subtype order
 * @param calibration per-label expected calibration error of the study probabilities, in label order
 * @param subgroups figures of {@code any} per subgroup of studies (matrix, slice thickness, kernel, lesion size), for
 *     the attributes the data set carries
 * @param subtypeNaming the subtypes named on the hemorrhage studies called for {@code any}, against their truth
 * @param atTargetSensitivity per label, in label order, the best specificity any threshold gives at the sensitivity
 *     its operating point aims at
 */
public record EvaluationMetrics(
        List<LabelMetrics> study,
        List<LabelMetrics> slice,
        OptionalDouble weightedLogLoss,
        OptionalDouble rsnaWeightedLogLoss,
        List<BoxMetrics> boxes,
        List<CalibrationError> calibration,
        List<SubgroupMetrics> subgroups,
        SubtypeNaming subtypeNaming,
        List<SensitivityTarget> atTargetSensitivity) {

    /** RSNA 2019: {@code any} counts twice, each other label once. */
    static final double[] LABEL_WEIGHTS = {2, 1, 1, 1, 1, 1, 1};

    static final double[] RSNA_WEIGHTS = {2, 1, 1, 1, 1, 1};

    public EvaluationMetrics {
        study = List.copyOf(study);
        slice = List.copyOf(slice);
        boxes = List.copyOf(boxes);
        calibration = List.copyOf(calibration);
        subgroups = List.copyOf(subgroups);
        atTargetSensitivity = List.copyOf(atTargetSensitivity);
    }

    /**
     * Computes every figure from the collected samples.
     *
     * @param thresholds the operating threshold of each label
     */
    static EvaluationMetrics of(EvaluationSamples samples, Map<HemorrhageLabel, Double> thresholds) {
        List<ScoredCase> studies = samples.studies();
        List<ScoredCase> slices = samples.slices();
        return new EvaluationMetrics(
                perLabel(studies, thresholds, true),
                perLabel(slices, thresholds, false),
                logLoss(slices, LABEL_WEIGHTS.length, LABEL_WEIGHTS),
                logLoss(slices, RSNA_WEIGHTS.length, RSNA_WEIGHTS),
                HemorrhageLabel.subtypes().stream()
                        .map(s -> new BoxMetrics(
                                s,
                                samples.truthBoxes(s).size(),
                                samples.detections(s).size(),
                                Metrics.averagePrecision(samples.detections(s), samples.truthBoxes(s), Metrics.VOC_IOU),
                                BoxLocalisation.of(samples.detections(s), samples.truthBoxes(s))))
                        .toList(),
                calibrationErrors(studies, samples.uncalibratedStudies()),
                SubgroupMetrics.of(studies, samples.studyAttributes(), threshold(thresholds, HemorrhageLabel.ANY)),
                SubtypeNaming.of(studies, thresholds),
                SensitivityTarget.of(studies));
    }

    private static List<CalibrationError> calibrationErrors(
            List<ScoredCase> calibrated, List<ScoredCase> uncalibrated) {
        return List.of(HemorrhageLabel.values()).stream()
                .map(label -> new CalibrationError(label, ece(calibrated, label), ece(uncalibrated, label)))
                .toList();
    }

    private static OptionalDouble ece(List<ScoredCase> cases, HemorrhageLabel label) {
        return Reliability.expectedCalibrationError(
                EvaluationSamples.scores(cases, label), EvaluationSamples.truths(cases, label), CalibrationError.BINS);
    }

    /** Study-level figures of one label. */
    LabelMetrics study(HemorrhageLabel label) {
        return study.get(label.ordinal());
    }

    /** Slice-level figures of one label. */
    LabelMetrics slice(HemorrhageLabel label) {
        return slice.get(label.ordinal());
    }

    /** Number of studies evaluated. */
    int studyCount() {
        return study.get(0).cases();
    }

    /** Number of slices evaluated. */
    int sliceCount() {
        return slice.get(0).cases();
    }

    /** Mean of the subtypes' AP@0.5 that are defined; empty when none is. */
    OptionalDouble meanAp50() {
        return boxes.stream()
                .map(BoxMetrics::ap50)
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .average();
    }

    /**
     * Per label; with AUC intervals when the cases are independent (studies, not slices of the same studies). Studies
     * are called as the server calls them ({@link StudyCalls}); a slice is called on its own probability.
     */
    private static List<LabelMetrics> perLabel(
            List<ScoredCase> cases, Map<HemorrhageLabel, Double> thresholds, boolean independent) {
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            threshold(thresholds, label); // every label has one, or the error names it
        }
        // the server's calls, for studies only: slices are called on their own probability
        List<boolean[]> calls = independent
                ? cases.stream()
                        .map(c -> StudyCalls.of(c::probability, thresholds::get))
                        .toList()
                : List.of();
        return List.of(HemorrhageLabel.values()).stream()
                .map(label -> {
                    double[] scores = EvaluationSamples.scores(cases, label);
                    boolean[] truths = EvaluationSamples.truths(cases, label);
                    double threshold = threshold(thresholds, label);
                    if (!independent) {
                        return LabelMetrics.of(label, scores, truths, threshold);
                    }
                    boolean[] called = new boolean[cases.size()];
                    for (int i = 0; i < called.length; i++) {
                        called[i] = calls.get(i)[label.ordinal()];
                    }
                    return LabelMetrics.ofIndependent(label, scores, truths, threshold, called);
                })
                .toList();
    }

    private static double threshold(Map<HemorrhageLabel, Double> thresholds, HemorrhageLabel label) {
        Double t = thresholds.get(label);
        if (t == null) {
            throw new IllegalArgumentException("no operating threshold for label " + label.code());
        }
        return t;
    }

    /** The first {@code labels} labels of every slice (label order puts the six RSNA labels first). */
    private static OptionalDouble logLoss(List<ScoredCase> slices, int labels, double[] weights) {
        double[][] p = new double[slices.size()][];
        boolean[][] t = new boolean[slices.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = Arrays.copyOf(slices.get(i).probabilities(), labels);
            t[i] = Arrays.copyOf(slices.get(i).truths(), labels);
        }
        return Metrics.weightedLogLoss(p, t, weights);
    }
}
