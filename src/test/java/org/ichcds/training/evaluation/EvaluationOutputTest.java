package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.json, report.md and the ROC image from a small hand-made set of samples. */
class EvaluationOutputTest {

    static final List<String> LABELS =
            List.of("any", "epidural", "intraparenchymal", "intraventricular", "subarachnoid", "subdural", "chronic");
    static final List<String> SUBTYPES = LABELS.subList(1, 7);

    /**
     * Four studies of two slices; 'any' and 'subdural' have positives and negatives, 'chronic' has no positive (its
     * AUC is undefined); one subdural truth box found once, one epidural box missed.
     */
    static EvaluationSamples samples() {
        EvaluationSamples samples = new EvaluationSamples();
        double[] anyScores = {0.9, 0.2, 0.7, 0.4};
        boolean[] anyTruths = {true, false, true, false};
        for (int s = 0; s < 4; s++) {
            double[] p = new double[7];
            boolean[] t = new boolean[7];
            p[0] = anyScores[s];
            t[0] = anyTruths[s];
            p[5] = anyScores[s] / 2;
            t[5] = anyTruths[s];
            p[6] = 0.1 * s;
            samples.addStudy(new ScoredCase("study-" + s, p, t));
            samples.addSlice(new ScoredCase("slice-" + s + "a", p, t));
            samples.addSlice(new ScoredCase("slice-" + s + "b", new double[7], new boolean[7]));
        }
        samples.addTruthBox(LabelledBox.truth("slice-0a", HemorrhageLabel.SUBDURAL, new PixelBox(10, 10, 30, 40)));
        samples.addDetection(new LabelledBox("slice-0a", HemorrhageLabel.SUBDURAL, 0.8, new PixelBox(12, 10, 30, 40)));
        samples.addTruthBox(LabelledBox.truth("slice-2a", HemorrhageLabel.EPIDURAL, new PixelBox(60, 60, 10, 10)));
        return samples;
    }

    static Map<HemorrhageLabel, Double> thresholds() {
        Map<HemorrhageLabel, Double> t = new EnumMap<>(HemorrhageLabel.class);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            t.put(label, 0.5);
        }
        return t;
    }

    static EvaluationContext context() {
        return new EvaluationContext(
                "test-tiny",
                "0.0.1",
                "models/test-tiny",
                "data/phantoms",
                "test",
                "ichcds evaluate --model models/test-tiny --data data/phantoms",
                "2025-01-01T00:00:00Z",
                1.5,
                List.of("2 labelled images had no DICOM file and were left out"),
                new ShownBoxes.Summary(
                        new ShownBoxes(0.25, 40, 30, 50), "the default", new ShownBoxes(0.42f, 32, 28, 50)));
    }

    @Test
    void metricsJsonHasTheDocumentedShapeInLabelOrderWithNullForUndefined() throws Exception {
        EvaluationMetrics metrics = EvaluationMetrics.of(samples(), thresholds());
        JsonNode json = new ObjectMapper().readTree(MetricsJson.render(metrics, context()));

        assertThat(json.at("/study/n").asInt()).isEqualTo(4);
        assertThat(fieldNames(json.at("/study/auc"))).containsExactlyElementsOf(LABELS);
        assertThat(fieldNames(json.at("/study/sensitivity"))).containsExactlyElementsOf(LABELS);
        assertThat(fieldNames(json.at("/study/specificity"))).containsExactlyElementsOf(LABELS);
        assertThat(fieldNames(json.at("/slice/auc"))).containsExactlyElementsOf(LABELS);
        assertThat(fieldNames(json.at("/slice/per_label"))).containsExactlyElementsOf(LABELS);
        assertThat(fieldNames(json.at("/boxes/map50"))).containsExactlyElementsOf(SUBTYPES);

        assertThat(json.at("/study/auc/any").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/study/sensitivity/any").asDouble()).isEqualTo(1.0);
        // Wilson's 95 % intervals: 2 of 2 positives, 2 of 2 negatives; chronic has no positive
        assertThat(json.at("/study/sensitivity_ci95/any/0").asDouble()).isCloseTo(0.3424, within(1e-4));
        assertThat(json.at("/study/sensitivity_ci95/any/1").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/study/specificity_ci95/any/0").asDouble()).isCloseTo(0.3424, within(1e-4));
        assertThat(json.at("/study/sensitivity_ci95/chronic").isNull()).isTrue();
        assertThat(json.at("/study/specificity_ci95/chronic/0").asDouble()).isCloseTo(0.5101, within(1e-4));
        assertThat(json.at("/study/specificity/any").asDouble()).isEqualTo(1.0);
        // subdural study scores 0.45, 0.35 for positives are below 0.5: sensitivity 0
        assertThat(json.at("/study/sensitivity/subdural").asDouble()).isEqualTo(0.0);
        assertThat(json.at("/study/auc/chronic").isNull()).isTrue();
        // the best point at the target sensitivity: any's second positive (0.7), subdural's at 0.35; chronic has none
        assertThat(fieldNames(json.at("/study/at_target_sensitivity"))).containsExactlyElementsOf(LABELS);
        assertThat(json.at("/study/at_target_sensitivity/any/target").asDouble())
                .isEqualTo(0.95);
        assertThat(json.at("/study/at_target_sensitivity/any/threshold").asDouble())
                .isEqualTo(0.7);
        assertThat(json.at("/study/at_target_sensitivity/subdural/target").asDouble())
                .isEqualTo(0.90);
        assertThat(json.at("/study/at_target_sensitivity/subdural/threshold").asDouble())
                .isEqualTo(0.35);
        assertThat(json.at("/study/at_target_sensitivity/subdural/specificity").asDouble())
                .isEqualTo(1.0);
        assertThat(json.at("/study/at_target_sensitivity/chronic/specificity").isNull())
                .isTrue();
        // a perfect AUC has no interval (DeLong's variance is 0 there)
        assertThat(json.at("/study/auc_ci95/any").isNull()).isTrue();
        assertThat(json.at("/study/auc_ci95/chronic").isNull()).isTrue();
        assertThat(json.at("/study/sensitivity/chronic").isNull()).isTrue();

        assertThat(json.at("/slice/n").asInt()).isEqualTo(8);
        // 'any' at 0.5 over 8 slices: 2 TP, 0 FP, 6 TN (4 empty slices + 2 negatives), 0 FN
        assertThat(json.at("/slice/accuracy").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/slice/precision").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/slice/recall").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/slice/f1").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/slice/per_label/subdural/recall").asDouble()).isEqualTo(0.0);
        assertThat(json.at("/slice/per_label/subdural/precision").isNull()).isTrue();
        assertThat(json.at("/slice/weighted_log_loss").isNumber()).isTrue();
        assertThat(json.at("/slice/weighted_log_loss_rsna").isNumber()).isTrue();

        assertThat(json.at("/boxes/map50/subdural").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/boxes/map50/epidural").asDouble()).isEqualTo(0.0);
        assertThat(json.at("/boxes/map50/chronic").isNull()).isTrue();
        assertThat(json.at("/boxes/mean_map50").asDouble()).isCloseTo(0.5, within(1e-12));
        // subdural's one box found and placed; epidural's truth has no box on its slice; chronic has no truth
        assertThat(json.at("/boxes/localisation/subdural/reachable_iou50").asDouble())
                .isEqualTo(1.0);
        assertThat(json.at("/boxes/localisation/subdural/ap30").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/boxes/localisation/epidural/with_box").asDouble()).isEqualTo(0.0);
        assertThat(json.at("/boxes/localisation/epidural/median_best_iou").isNull())
                .isTrue();
        assertThat(json.at("/boxes/localisation/chronic/with_box").isNull()).isTrue();
        // the boxes a server shows: 30 of 40 on a truth box, 30 of 50 truth boxes found
        assertThat(json.at("/shown_boxes/min_score").asDouble()).isEqualTo(0.25);
        assertThat(json.at("/shown_boxes/source").asText()).isEqualTo("the default");
        assertThat(json.at("/shown_boxes/boxes").asInt()).isEqualTo(40);
        assertThat(json.at("/shown_boxes/on_truth").asInt()).isEqualTo(30);
        assertThat(json.at("/shown_boxes/truth_boxes").asInt()).isEqualTo(50);
        assertThat(json.at("/shown_boxes/precision").asDouble()).isEqualTo(0.75);
        assertThat(json.at("/shown_boxes/recall").asDouble()).isEqualTo(0.6);
        assertThat(json.at("/shown_boxes/f1").asDouble()).isCloseTo(2 * 0.75 * 0.6 / 1.35, within(1e-12));
        assertThat(json.at("/shown_boxes/highest_f1/min_score").asDouble())
                .as("the float cut as chosen")
                .isEqualTo(0.42);
        assertThat(json.at("/model/id").asText()).isEqualTo("test-tiny");
        assertThat(json.at("/data/split").asText()).isEqualTo("test");
        assertThat(MetricsJson.render(metrics, context())).doesNotContain("NaN", "Infinity");
    }

    @Test
    void reportHoldsTheStudySliceAndBoxTablesWithNaForUndefined() {
        EvaluationMetrics metrics = EvaluationMetrics.of(samples(), thresholds());
        String report = ReportMarkdown.render(metrics, context(), "roc.png", "reliability.png");

        assertThat(report)
                .contains("# Evaluation of test-tiny 0.0.1")
                .contains("`ichcds evaluate --model models/test-tiny --data data/phantoms`")
                .contains("`data/phantoms`, split `test`")
                .contains("- 2 labelled images had no DICOM file and were left out")
                .contains(
                        "| label | studies | positives | AUC | AUC 95 % interval | threshold | sensitivity | specificity |")
                .contains("| any | 4 | 2 | 1.000 | n/a | 0.500 | 1.000 | 1.000 | 0.342–1.000 | 0.342–1.000 |")
                .contains("| chronic | 4 | 0 | n/a | n/a | 0.500 | n/a | 1.000 | n/a | 0.510–1.000 |")
                .contains("## At the target sensitivity")
                .contains("| label | target sensitivity | threshold | sensitivity | specificity |")
                .contains("| any | 0.95 | 0.700 | 1.000 | 1.000 |")
                .contains("| subdural | 0.90 | 0.350 | 1.000 | 1.000 |")
                .contains("| chronic | 0.90 | n/a | n/a | n/a |")
                .contains("| label | slices | positives | AUC | accuracy | precision | recall | F1 |")
                .contains("| any | 8 | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |")
                .contains("| subtype | truth boxes | predicted boxes | AP@0.5 |")
                .contains("| subdural | 1 | 1 | 1.000 |")
                .contains("| epidural | 1 | 0 | 0.000 |")
                .contains("| chronic | 0 | 0 | n/a |")
                .contains(
                        "| subtype | with a box | reachable at IoU 0.5 | median best IoU | median area ratio | AP@0.3 |")
                .contains("| epidural | 0.000 | 0.000 | n/a | n/a | 0.000 |")
                .contains("![ROC curves per label, study and slice level](roc.png)");
        assertThat(report.lines().filter(l -> l.startsWith("| any |"))).hasSize(4);
        assertThat(ReportMarkdown.summary(metrics))
                .contains("study AUC")
                .contains("4 studies, 8 slices")
                .containsPattern("chronic\\s+n/a");
    }

    @Test
    void writeLeavesPredictionsThatReadBackStudyByStudy(@TempDir Path dir) throws Exception {
        EvaluationSamples samples = samples();
        Evaluation evaluation = new Evaluation(EvaluationMetrics.of(samples, thresholds()), samples, List.of());
        evaluation.write(dir, context());

        Predictions predictions = PredictionsCsv.read(dir.resolve(PredictionsCsv.FILE_NAME));
        assertThat(predictions.studies())
                .extracting(Predictions.Study::id)
                .containsExactly("study-0", "study-1", "study-2", "study-3");
        assertThat(predictions.probabilities(HemorrhageLabel.ANY)).containsExactly(0.9, 0.2, 0.7, 0.4);
        assertThat(predictions.truths(HemorrhageLabel.ANY)).containsExactly(true, false, true, false);
        assertThat(predictions.probabilities(HemorrhageLabel.SUBDURAL)).containsExactly(0.45, 0.1, 0.35, 0.2);
        assertThat(Files.readAllLines(dir.resolve(PredictionsCsv.FILE_NAME)).get(0))
                .startsWith("StudyInstanceUID,any,epidural,")
                .contains(",any_probability,")
                .endsWith(",chronic_uncalibrated");
        assertThat(Files.readAllLines(dir.resolve(DetectionsCsv.FILE_NAME)))
                .containsExactly(
                        "SOPInstanceUID,subtype,score,x,y,width,height",
                        "slice-0a,subdural,0.80000,12.0,10.0,30.0,40.0");
    }

    @Test
    void rocImageHasAPanelPerLabel(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("roc.png");
        RocPlot.write(samples(), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(RocPlot.PANEL * RocPlot.COLUMNS);
        assertThat(image.getHeight()).isEqualTo(RocPlot.PANEL * RocPlot.ROWS);
        assertThat(Files.size(png)).isGreaterThan(5_000);
        if (System.getProperty("roc.keep") != null) {
            Files.copy(png, Path.of(System.getProperty("roc.keep")));
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
