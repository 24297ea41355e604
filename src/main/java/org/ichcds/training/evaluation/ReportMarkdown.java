package org.ichcds.training.evaluation;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ichcds.inference.HemorrhageLabel;

/**
 * {@code report.md}: the figures of an evaluation as tables a person reads. Undefined figures are written {@code
 * n/a}.
 */
public final class ReportMarkdown {

    static final String UNDEFINED = "n/a";

    private ReportMarkdown() {}

    /**
     * The report.
     *
     * @param rocImage file name of the ROC curve image beside the report, linked from it
     * @param reliabilityImage file name of the reliability diagram beside the report, linked from it
     */
    static String render(EvaluationMetrics m, EvaluationContext c, String rocImage, String reliabilityImage) {
        StringBuilder out = new StringBuilder();
        out.append("# Evaluation of ")
                .append(c.modelId())
                .append(' ')
                .append(c.modelVersion())
                .append("\n\n");
        out.append("| | |\n|---|---|\n");
        row(out, "model", c.modelId() + " " + c.modelVersion() + " (`" + c.modelDirectory() + "`)");
        row(out, "data", "`" + c.dataDirectory() + "`, split `" + c.split() + "`");
        row(out, "studies / slices", m.studyCount() + " / " + m.sliceCount());
        row(out, "command", "`" + c.commandLine().replace("|", "\\|") + "`");
        row(out, "date", c.date());
        row(out, "run time", String.format(Locale.ROOT, "%.1f s", c.seconds()));
        out.append('\n');
        c.notes().forEach(note -> out.append("- ").append(note).append('\n'));
        out.append(c.notes().isEmpty() ? "" : "\n");
        studyTable(out, m);
        targetTable(out, m);
        namingTable(out, m.subtypeNaming());
        CalibrationReport.calibration(out, m, reliabilityImage);
        CalibrationReport.subgroups(out, m);
        sliceTable(out, m);
        boxTable(out, m);
        out.append("## ROC curves\n\n![ROC curves per label, study and slice level](")
                .append(rocImage)
                .append(")\n\n");
        out.append("`")
                .append(UNDEFINED)
                .append(
                        "`: undefined on this data (an AUC needs positive and negative cases,"
                                + " a sensitivity needs positives, a precision needs positive calls, an AP needs truth boxes).\n");
        return out.toString();
    }

    private static void studyTable(StringBuilder out, EvaluationMetrics m) {
        out.append("## Study level\n\nStudy probability as the model serves it (top-k mean over slices, then the"
                + " manifest's calibration); a study is called"
                + " positive at or above the manifest's operating threshold, and for a subtype, as the server calls"
                + " it, only when it is also called for `any`. The AUC's interval is DeLong's, on the"
                + " logit scale: it says how far the AUC could move on another set of as many studies (`n/a` for an AUC of 0 or 1, where the"
                + " estimate has no spread however few the studies); the sensitivity's and the specificity's are"
                + " Wilson's score intervals, on as many positive and negative studies; two models"
                + " evaluated on the same studies are compared with `ichcds compare`.\n\n");
        out.append("| label | studies | positives | AUC | AUC 95 % interval | threshold | sensitivity | specificity"
                + " | sensitivity 95 % interval | specificity 95 % interval |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LabelMetrics l : m.study()) {
            Confusion c = l.atThreshold();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %s | %.3f | %s | %s | %s | %s |%n",
                    l.label().code(),
                    l.cases(),
                    l.positives(),
                    format(l.auc()),
                    interval(l),
                    l.threshold(),
                    format(c.sensitivity()),
                    format(c.specificity()),
                    interval(c.sensitivityInterval()),
                    interval(c.specificityInterval())));
        }
        out.append('\n');
    }

    private static void targetTable(StringBuilder out, EvaluationMetrics m) {
        out.append("## At the target sensitivity\n\nThe highest specificity any threshold gives on these studies while"
                + " the sensitivity is at least the one the operating points aim at, and the probability that threshold"
                + " would be: what the model's ranking allows, apart from whether the shipped threshold carries to"
                + " these studies. A subtype is scored on its own probability here, not only on studies called for"
                + " `any`.\n\n");
        out.append("| label | target sensitivity | threshold | sensitivity | specificity |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (SensitivityTarget t : m.atTargetSensitivity()) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %s | %s | %s |%n",
                    t.label().code(),
                    t.target(),
                    format(t.threshold()),
                    format(t.sensitivity()),
                    format(t.specificity())));
        }
        out.append('\n');
    }

    private static void namingTable(StringBuilder out, SubtypeNaming n) {
        out.append("## Subtypes named on flagged studies\n\nOn the studies that hold a hemorrhage and are called for"
                + " `any`, the subtypes called (what a card names) against the ones each study holds.\n\n");
        out.append("| | |\n|---|---:|\n");
        out.append("| hemorrhage studies called for `any` | ")
                .append(n.studies())
                .append(" |\n");
        out.append(String.format(
                Locale.ROOT,
                "| subtypes named: right / wrong / missed | %d / %d / %d |%n",
                n.right(),
                n.wrong(),
                n.missed()));
        out.append("| share of the named subtypes that are right | ")
                .append(format(n.precision()))
                .append(" |\n");
        out.append("| share of the held subtypes that are named | ")
                .append(format(n.recall()))
                .append(" |\n");
        out.append(String.format(
                Locale.ROOT, "| studies named exactly right | %d (%s) |%n", n.exact(), format(n.exactShare())));
        out.append(String.format(
                Locale.ROOT,
                "| studies with a wrong subtype named; wrong names per study | %d; %s |%n%n",
                n.withWrong(),
                format(n.wrongPerStudy())));
    }

    private static void sliceTable(StringBuilder out, EvaluationMetrics m) {
        out.append("## Slice level\n\nAt the same thresholds as the study level.\n\n");
        out.append("| label | slices | positives | AUC | accuracy | precision | recall | F1 |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LabelMetrics l : m.slice()) {
            Confusion c = l.atThreshold();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %s | %s | %s | %s |%n",
                    l.label().code(),
                    l.cases(),
                    l.positives(),
                    format(l.auc()),
                    format(c.accuracy()),
                    format(c.precision()),
                    format(c.recall()),
                    format(c.f1())));
        }
        out.append("\nWeighted log loss (mean over slices, probabilities clipped to [1e-7, 1 − 1e-7]):\n\n");
        out.append("| labels | weights | log loss |\n|---|---|---:|\n");
        out.append("| all seven | any 2, others 1 | ")
                .append(format(m.weightedLogLoss()))
                .append(" |\n");
        out.append("| six RSNA 2019 labels (no chronic) | any 2, others 1 | ")
                .append(format(m.rsnaWeightedLogLoss()))
                .append(" |\n\n");
    }

    private static void boxTable(StringBuilder out, EvaluationMetrics m) {
        out.append("## Boxes\n\nPASCAL VOC average precision (all-point interpolation) over slices: a predicted box"
                + " matches a truth box of the same subtype on the same slice at IoU ≥ 0.5; a second box on an"
                + " already matched region is a false positive. Boxes in original DICOM pixels.\n\n");
        out.append("| subtype | truth boxes | predicted boxes | AP@0.5 |\n|---|---:|---:|---:|\n");
        for (BoxMetrics b : m.boxes()) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s |%n",
                    b.subtype().code(),
                    b.truthBoxes(),
                    b.detections(),
                    format(b.ap50())));
        }
        out.append("| **mAP@0.5** (mean over defined subtypes) | | | ")
                .append(format(m.meanAp50()))
                .append(" |\n\n");
        out.append("Where the AP is lost: each truth box against the predicted box of its subtype on its slice that"
                + " overlaps it most, at any score. *With a box*: its slice has a predicted box of the subtype;"
                + " *reachable*: the best box reaches IoU 0.5, so this share bounds the recall any score threshold"
                + " can give; median IoU and area ratio (predicted / truth) over the truth boxes with a box.\n\n");
        out.append("| subtype | with a box | reachable at IoU 0.5 | median best IoU | median area ratio | AP@0.3 |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (BoxMetrics b : m.boxes()) {
            BoxLocalisation l = b.localisation();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s |%n",
                    b.subtype().code(),
                    format(l.withBox()),
                    format(l.reachable()),
                    format(l.medianBestIou()),
                    format(l.medianAreaRatio()),
                    format(l.ap30())));
        }
        out.append('\n');
    }

    /**
     * A short fixed-width table for the terminal: per label the study AUC, sensitivity and specificity, the slice AUC
     * and the subtype's AP@0.5.
     */
    public static String summary(EvaluationMetrics m) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%-17s %9s %13s %9s %9s %9s %9s%n",
                "label",
                "study AUC",
                "95% interval",
                "sens",
                "spec",
                "slice AUC",
                "AP@0.5"));
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            LabelMetrics s = m.study(label);
            OptionalDouble ap = label == HemorrhageLabel.ANY
                    ? m.meanAp50()
                    : m.boxes().get(label.subtypeIndex()).ap50();
            out.append(String.format(
                    Locale.ROOT,
                    "%-17s %9s %13s %9s %9s %9s %9s%n",
                    label.code(),
                    format(s.auc()),
                    interval(s),
                    format(s.atThreshold().sensitivity()),
                    format(s.atThreshold().specificity()),
                    format(m.slice(label).auc()),
                    format(ap)));
        }
        out.append("ECE (study level, calibrated / uncalibrated):");
        for (CalibrationError e : m.calibration()) {
            out.append(' ')
                    .append(e.label().code())
                    .append(' ')
                    .append(format(e.calibrated()))
                    .append('/')
                    .append(format(e.uncalibrated()));
        }
        out.append(String.format(Locale.ROOT, "%n"));
        SubtypeNaming n = m.subtypeNaming();
        out.append(String.format(
                Locale.ROOT,
                "subtypes named on %d flagged hemorrhage studies: %d right, %d wrong, %d missed; named exactly right"
                        + " %s; wrong names per study %s%n",
                n.studies(),
                n.right(),
                n.wrong(),
                n.missed(),
                format(n.exactShare()),
                format(n.wrongPerStudy())));
        out.append(String.format(
                Locale.ROOT,
                "%d studies, %d slices; weighted log loss %s (RSNA six labels %s); AP@0.5 of 'any' is the mean"
                        + " over subtypes%n",
                m.studyCount(),
                m.sliceCount(),
                format(m.weightedLogLoss()),
                format(m.rsnaWeightedLogLoss())));
        return out.toString();
    }

    private static void row(StringBuilder out, String key, String value) {
        out.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    /** An AUC's 95 % interval as "low–high", or n/a. */
    static String interval(LabelMetrics l) {
        return l.aucInterval().map(i -> range(i.low(), i.high())).orElse(UNDEFINED);
    }

    /** A proportion's 95 % interval as "low–high", or n/a. */
    static String interval(Optional<ProportionInterval> interval) {
        return interval.map(i -> range(i.low(), i.high())).orElse(UNDEFINED);
    }

    private static String range(double low, double high) {
        return String.format(Locale.ROOT, "%.3f–%.3f", low, high);
    }

    static String format(OptionalDouble v) {
        Double d = MetricsJson.value(v);
        return d == null ? UNDEFINED : String.format(Locale.ROOT, "%.3f", d);
    }
}
