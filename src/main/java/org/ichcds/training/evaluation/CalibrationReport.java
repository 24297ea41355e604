package org.ichcds.training.evaluation;

import java.util.Locale;

/** The calibration and subgroup sections of {@code report.md}. */
final class CalibrationReport {

    private CalibrationReport() {}

    static void calibration(StringBuilder out, EvaluationMetrics m, String reliabilityImage) {
        out.append("## Calibration\n\nExpected calibration error of the study probabilities (")
                .append(CalibrationError.BINS)
                .append(" equal-width bins; 0 is perfect): as served, after the manifest's calibration, and the"
                        + " model's own before it. A well calibrated probability of 30 % means about 3 studies in 10"
                        + " with that probability hold the finding.\n\n");
        out.append("| label | ECE calibrated | ECE uncalibrated |\n|---|---:|---:|\n");
        for (CalibrationError e : m.calibration()) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s |%n",
                    e.label().code(),
                    ReportMarkdown.format(e.calibrated()),
                    ReportMarkdown.format(e.uncalibrated())));
        }
        out.append("\n![Reliability diagrams per label, study level](")
                .append(reliabilityImage)
                .append(")\n\n");
    }

    static void subgroups(StringBuilder out, EvaluationMetrics m) {
        out.append("## Subgroups\n\n");
        if (m.subgroups().isEmpty()) {
            out.append("The data set carries no attribute to form subgroups by.\n\n");
            return;
        }
        out.append("The triage call (`any`) per subgroup, at its operating threshold. Matrix, slice thickness and"
                + " kernel come from the DICOM headers of the series evaluated, lesion size from the largest side of"
                + " the study's largest truth box; style, gantry tilt, motion, pixel storage and look-alikes from the"
                + " data set's studies.csv when it lists them (a study is in one subgroup per look-alike it holds)."
                + " Only the subgroups the data set holds are listed.\n\n");
        out.append(
                "| attribute | value | studies | positives | AUC | AUC 95 % interval | sensitivity | specificity |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (SubgroupMetrics s : m.subgroups()) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %s | %s | %s |%n",
                    s.attribute(),
                    s.value().replace("|", "\\|"),
                    s.any().cases(),
                    s.any().positives(),
                    ReportMarkdown.format(s.any().auc()),
                    ReportMarkdown.interval(s.any()),
                    ReportMarkdown.format(s.sensitivity()),
                    ReportMarkdown.format(s.specificity())));
        }
        out.append('\n');
    }
}
