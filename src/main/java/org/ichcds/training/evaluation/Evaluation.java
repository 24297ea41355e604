package org.ichcds.training.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.training.dataset.DatasetStudy;

/**
 * One evaluation of a model on studies of a data set, and the files it writes: {@code report.md}, {@code
 * metrics.json}, {@code predictions.csv}, {@code detections.csv}, {@code roc.png} and {@code reliability.png}.
 *
 * @param metrics the figures
 * @param samples the scores and boxes they were computed from (for the ROC curves)
 * @param outcomes what became of each study, in evaluation order
 */
public record Evaluation(EvaluationMetrics metrics, EvaluationSamples samples, List<StudyEvaluator.Outcome> outcomes) {

    public static final String REPORT = "report.md";
    public static final String METRICS = "metrics.json";
    public static final String ROC = "roc.png";
    public static final String RELIABILITY = "reliability.png";
    public static final String DETECTIONS = DetectionsCsv.FILE_NAME;
    /** Prefix of the figures an evaluation records in a manifest's metrics. */
    public static final String MANIFEST_PREFIX = "evaluation.";

    public Evaluation {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * Runs every study through the serving path and computes the figures at the manifest's thresholds.
     *
     * @param progress told after each study
     * @throws IllegalArgumentException when there is no study, or a study cannot be read (naming it)
     */
    public static Evaluation run(
            ModelRunner runner,
            StudyAggregator.Options aggregation,
            List<DatasetStudy> studies,
            Consumer<StudyEvaluator.Outcome> progress)
            throws IOException {
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("no study to evaluate");
        }
        StudyEvaluator evaluator = new StudyEvaluator(runner, new StudyAggregator(aggregation));
        EvaluationSamples samples = new EvaluationSamples();
        List<StudyEvaluator.Outcome> outcomes = new ArrayList<>();
        for (DatasetStudy study : studies) {
            StudyEvaluator.Outcome outcome;
            try {
                outcome = evaluator.evaluate(study, samples);
            } catch (DicomFormatException e) {
                throw new IllegalArgumentException("study " + study.uid() + ": " + e.getMessage(), e);
            }
            outcomes.add(outcome);
            progress.accept(outcome);
        }
        return new Evaluation(EvaluationMetrics.of(samples, thresholds(runner.manifest())), samples, outcomes);
    }

    /** The manifest's operating threshold per label. */
    static Map<HemorrhageLabel, Double> thresholds(ModelManifest manifest) {
        Map<HemorrhageLabel, Double> thresholds = new EnumMap<>(HemorrhageLabel.class);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            thresholds.put(label, manifest.threshold(label));
        }
        return thresholds;
    }

    /** Labelled slices that were not in the series the loader chose, over all studies. */
    public int unmatchedSlices() {
        return outcomes.stream()
                .mapToInt(StudyEvaluator.Outcome::unmatchedSlices)
                .sum();
    }

    /**
     * The study-level figures under {@code evaluation.} for a manifest's metrics: per label AUC, sensitivity and
     * specificity at the threshold, ECE calibrated and uncalibrated; the number of studies. Undefined figures are left
     * out.
     */
    public Map<String, Double> manifestMetrics() {
        Map<String, Double> out = new java.util.TreeMap<>();
        out.put(MANIFEST_PREFIX + "studies", (double) metrics.studyCount());
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            String key = MANIFEST_PREFIX + label.code() + ".";
            LabelMetrics study = metrics.study(label);
            CalibrationError ece = metrics.calibration().get(label.ordinal());
            out.put(key + "positives", (double) study.positives());
            study.auc().ifPresent(v -> out.put(key + "auc", v));
            study.atThreshold().sensitivity().ifPresent(v -> out.put(key + "sensitivity", v));
            study.atThreshold().specificity().ifPresent(v -> out.put(key + "specificity", v));
            ece.calibrated().ifPresent(v -> out.put(key + "ece", v));
            ece.uncalibrated().ifPresent(v -> out.put(key + "ece.uncalibrated", v));
        }
        return out;
    }

    /** Per study, in evaluation order, the seven study probabilities before calibration (what calibration fits). */
    public List<float[]> uncalibratedStudyProbabilities() {
        return floats(samples.uncalibratedStudies());
    }

    /**
     * A model with a sequence head: per study, in evaluation order, both study outputs for every label, uncalibrated
     * (the head's, and the slice network's maximum over slices), whichever the manifest serves. Empty for a model
     * without a head.
     *
     * @param head per study, the head's seven study probabilities
     * @param sliceNetwork per study, the slice network's seven maxima over slices
     */
    public record StudySources(List<float[]> head, List<float[]> sliceNetwork) {
        public StudySources {
            head = List.copyOf(head);
            sliceNetwork = List.copyOf(sliceNetwork);
            if (head.size() != sliceNetwork.size()) {
                throw new IllegalArgumentException(
                        head.size() + " head outputs for " + sliceNetwork.size() + " studies");
            }
        }
    }

    /** Both study outputs of a model with a sequence head, per study; empty without a head. */
    public java.util.Optional<StudySources> studySources() {
        List<ScoredCase> head = samples.headStudies();
        if (head.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new StudySources(floats(head), floats(samples.sliceNetworkStudies())));
    }

    private static List<float[]> floats(List<ScoredCase> cases) {
        return cases.stream()
                .map(c -> {
                    float[] p = new float[HemorrhageLabel.COUNT];
                    for (HemorrhageLabel label : HemorrhageLabel.values()) {
                        p[label.ordinal()] = (float) c.probability(label);
                    }
                    return p;
                })
                .toList();
    }

    /** Per study, in evaluation order, the seven study-level truths. */
    public List<boolean[]> studyTruths() {
        return samples.studies().stream().map(ScoredCase::truths).toList();
    }

    /**
     * Writes {@code report.md}, {@code metrics.json}, {@code predictions.csv}, {@code detections.csv}, {@code roc.png}
     * and {@code reliability.png} into {@code out} (created if needed).
     */
    public void write(Path out, EvaluationContext context) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve(REPORT), ReportMarkdown.render(metrics, context, ROC, RELIABILITY));
        Files.writeString(out.resolve(METRICS), MetricsJson.render(metrics, context));
        PredictionsCsv.write(Predictions.of(samples), out.resolve(PredictionsCsv.FILE_NAME));
        DetectionsCsv.write(samples, out.resolve(DetectionsCsv.FILE_NAME));
        RocPlot.write(samples, out.resolve(ROC));
        ReliabilityPlot.write(samples, out.resolve(RELIABILITY));
    }
}
