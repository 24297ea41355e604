package org.ichcds.training.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.ichcds.inference.HemorrhageLabel;

/**
 * {@code metrics.json}: the figures of an evaluation for programs. Labels appear in label order; an undefined figure
 * (an AUC on a split without positives, a precision with nothing called positive) is {@code null}, never NaN.
 * Top-level slice accuracy, precision, recall and F1 are those of {@code any} at its threshold.
 */
final class MetricsJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJson() {}

    /** The JSON document. */
    static String render(EvaluationMetrics metrics, EvaluationContext context) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(
                "model",
                ordered(
                        "id",
                        context.modelId(),
                        "version",
                        context.modelVersion(),
                        "directory",
                        context.modelDirectory()));
        root.put("data", ordered("directory", context.dataDirectory(), "split", context.split()));
        root.put("study", study(metrics));
        root.put("slice", slice(metrics));
        root.put("boxes", boxes(metrics));
        root.put("calibration", calibration(metrics));
        root.put("subgroups", subgroups(metrics));
        root.put("subtype_naming", naming(metrics.subtypeNaming()));
        root.put("shown_boxes", shownBoxes(context.shownBoxes()));
        root.put("command", context.commandLine());
        root.put("date", context.date());
        root.put("seconds", context.seconds());
        root.put("notes", context.notes());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write metrics JSON", e);
        }
    }

    /** The boxes a server shows from the model's cut, and from the highest-F1 cut; null when not measured. */
    private static Map<String, Object> shownBoxes(ShownBoxes.Summary summary) {
        if (summary == null) {
            return null;
        }
        Map<String, Object> out = cut(summary.served());
        out.put("source", summary.source());
        out.put("highest_f1", summary.highestF1() == null ? null : cut(summary.highestF1()));
        return out;
    }

    private static Map<String, Object> cut(ShownBoxes shown) {
        Map<String, Object> out = new LinkedHashMap<>();
        // the score as chosen (0.42, not the float 0.41999998688697815 or a grid step's 0.24000000000000002)
        out.put("min_score", Math.round(shown.minScore() * 1e4) / 1e4);
        out.put("boxes", shown.shown());
        out.put("on_truth", shown.onTruth());
        out.put("truth_boxes", shown.truths());
        out.put("precision", shown.precision());
        out.put("recall", shown.recall());
        out.put("f1", shown.f1());
        return out;
    }

    private static Map<String, Object> study(EvaluationMetrics m) {
        List<LabelMetrics> study = m.study();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", m.studyCount());
        out.put("auc", byLabel(study, LabelMetrics::auc));
        out.put("auc_ci95", intervals(study, MetricsJson::aucBounds));
        out.put(
                "auc_standard_error",
                byLabel(
                        study,
                        l -> l.aucInterval()
                                .map(i -> OptionalDouble.of(i.standardError()))
                                .orElse(OptionalDouble.empty())));
        out.put("sensitivity", byLabel(study, l -> l.atThreshold().sensitivity()));
        out.put("specificity", byLabel(study, l -> l.atThreshold().specificity()));
        out.put(
                "sensitivity_ci95",
                intervals(study, l -> l.atThreshold().sensitivityInterval().map(MetricsJson::bounds)));
        out.put(
                "specificity_ci95",
                intervals(study, l -> l.atThreshold().specificityInterval().map(MetricsJson::bounds)));
        out.put("threshold", byLabel(study, l -> OptionalDouble.of(l.threshold())));
        out.put("positives", byLabelCount(study));
        out.put("at_target_sensitivity", atTargetSensitivity(m));
        return out;
    }

    private static Map<String, Object> slice(EvaluationMetrics m) {
        List<LabelMetrics> slice = m.slice();
        Confusion any = m.slice(HemorrhageLabel.ANY).atThreshold();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", m.sliceCount());
        out.put("auc", byLabel(slice, LabelMetrics::auc));
        out.put("accuracy", value(any.accuracy()));
        out.put("precision", value(any.precision()));
        out.put("recall", value(any.recall()));
        out.put("f1", value(any.f1()));
        out.put("weighted_log_loss", value(m.weightedLogLoss()));
        out.put("weighted_log_loss_rsna", value(m.rsnaWeightedLogLoss()));
        out.put("positives", byLabelCount(slice));
        Map<String, Object> perLabel = new LinkedHashMap<>();
        for (LabelMetrics l : slice) {
            Confusion c = l.atThreshold();
            perLabel.put(
                    l.label().code(),
                    ordered(
                            "threshold",
                            l.threshold(),
                            "accuracy",
                            value(c.accuracy()),
                            "precision",
                            value(c.precision()),
                            "recall",
                            value(c.recall()),
                            "f1",
                            value(c.f1())));
        }
        out.put("per_label", perLabel);
        return out;
    }

    private static Map<String, Object> boxes(EvaluationMetrics m) {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, Object> truths = new LinkedHashMap<>();
        Map<String, Object> detections = new LinkedHashMap<>();
        Map<String, Object> localisation = new LinkedHashMap<>();
        for (BoxMetrics b : m.boxes()) {
            map.put(b.subtype().code(), value(b.ap50()));
            truths.put(b.subtype().code(), b.truthBoxes());
            detections.put(b.subtype().code(), b.detections());
            BoxLocalisation l = b.localisation();
            Map<String, Object> where = new LinkedHashMap<>(); // values may be null (JSON null): not Map.of
            where.put("with_box", value(l.withBox()));
            where.put("reachable_iou50", value(l.reachable()));
            where.put("median_best_iou", value(l.medianBestIou()));
            where.put("median_area_ratio", value(l.medianAreaRatio()));
            where.put("ap30", value(l.ap30()));
            localisation.put(b.subtype().code(), where);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("iou", Metrics.VOC_IOU);
        out.put("map50", map);
        out.put("mean_map50", value(m.meanAp50()));
        out.put("truth_boxes", truths);
        out.put("detections", detections);
        out.put("localisation", localisation);
        return out;
    }

    private static Map<String, Object> calibration(EvaluationMetrics m) {
        Map<String, Object> calibrated = new LinkedHashMap<>();
        Map<String, Object> uncalibrated = new LinkedHashMap<>();
        for (CalibrationError e : m.calibration()) {
            calibrated.put(e.label().code(), value(e.calibrated()));
            uncalibrated.put(e.label().code(), value(e.uncalibrated()));
        }
        return ordered("bins", CalibrationError.BINS, "ece", calibrated, "ece_uncalibrated", uncalibrated);
    }

    private static List<Object> subgroups(EvaluationMetrics m) {
        return m.subgroups().stream()
                .map(s -> (Object) ordered(
                        "attribute",
                        s.attribute(),
                        "value",
                        s.value(),
                        "studies",
                        s.any().cases(),
                        "positives",
                        s.any().positives(),
                        "auc_any",
                        value(s.any().auc()),
                        "auc_any_ci95",
                        aucBounds(s.any()).orElse(null),
                        "sensitivity_any",
                        value(s.sensitivity()),
                        "specificity_any",
                        value(s.specificity())))
                .toList();
    }

    private static Map<String, Object> naming(SubtypeNaming n) {
        return ordered(
                "studies",
                n.studies(),
                "right",
                n.right(),
                "wrong",
                n.wrong(),
                "missed",
                n.missed(),
                "exact",
                n.exact(),
                "with_wrong",
                n.withWrong(),
                "precision",
                value(n.precision()),
                "recall",
                value(n.recall()),
                "exact_share",
                value(n.exactShare()),
                "wrong_per_study",
                value(n.wrongPerStudy()));
    }

    /** Per label: the target sensitivity, and the threshold, sensitivity and specificity of its best point, or null. */
    private static Map<String, Object> atTargetSensitivity(EvaluationMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SensitivityTarget t : m.atTargetSensitivity()) {
            out.put(
                    t.label().code(),
                    ordered(
                            "target",
                            t.target(),
                            "threshold",
                            value(t.threshold()),
                            "sensitivity",
                            value(t.sensitivity()),
                            "specificity",
                            value(t.specificity())));
        }
        return out;
    }

    private static Map<String, Object> byLabel(List<LabelMetrics> labels, Function<LabelMetrics, OptionalDouble> f) {
        Map<String, Object> out = new LinkedHashMap<>();
        labels.forEach(l -> out.put(l.label().code(), value(f.apply(l))));
        return out;
    }

    /** Per label a 95 % interval as [low, high], or null. */
    private static Map<String, Object> intervals(
            List<LabelMetrics> labels, Function<LabelMetrics, Optional<List<Double>>> of) {
        Map<String, Object> out = new LinkedHashMap<>();
        labels.forEach(l -> out.put(l.label().code(), of.apply(l).orElse(null)));
        return out;
    }

    private static Optional<List<Double>> aucBounds(LabelMetrics l) {
        return l.aucInterval().map(i -> List.of(i.low(), i.high()));
    }

    private static List<Double> bounds(ProportionInterval i) {
        return List.of(i.low(), i.high());
    }

    private static Map<String, Object> byLabelCount(List<LabelMetrics> labels) {
        Map<String, Object> out = new LinkedHashMap<>();
        labels.forEach(l -> out.put(l.label().code(), l.positives()));
        return out;
    }

    /** A defined, finite figure, or null. */
    static Double value(OptionalDouble v) {
        return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v.getAsDouble() : null;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
