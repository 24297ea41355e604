package org.ichcds.training.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Reliability diagrams of the study probabilities as one PNG, laid out as the ROC plot ({@link LabelPanels}): a panel
 * per label, the fraction of positive studies against the mean probability in each of 15 equal-width bins, calibrated
 * (solid, as served) and uncalibrated (dashed), the diagonal of perfect calibration, and each curve's ECE.
 */
final class ReliabilityPlot {

    private static final Color CALIBRATED = new Color(0x1f77b4);
    private static final Color UNCALIBRATED = new Color(0xff7f0e);
    private static final LabelPanels.Axes AXES =
            new LabelPanels.Axes("mean study probability in the bin", 40, "fraction of positive studies", 70);

    private ReliabilityPlot() {}

    static BufferedImage draw(EvaluationSamples samples) {
        return LabelPanels.draw(
                AXES,
                (g, label) -> panel(g, samples, label),
                "Reliability diagrams, study level",
                samples.studies().size() + " studies, " + CalibrationError.BINS + " equal-width bins",
                "solid: calibrated (as served)",
                "dashed: the model's uncalibrated probability",
                "grey dotted line: perfect calibration",
                "ECE: expected calibration error");
    }

    static void write(EvaluationSamples samples, Path png) throws IOException {
        LabelPanels.write(draw(samples), png);
    }

    private static void panel(Graphics2D g, EvaluationSamples samples, HemorrhageLabel label) {
        String after = curve(g, samples.studies(), label, LabelPanels.SOLID, CALIBRATED);
        String before = curve(g, samples.uncalibratedStudies(), label, LabelPanels.DASHED, UNCALIBRATED);
        LabelPanels.legends(g, CALIBRATED, "calibrated ECE " + after, UNCALIBRATED, "uncalibrated " + before);
    }

    /** Joins the non-empty bins' points and marks each with a dot; returns the ECE as text. */
    private static String curve(
            Graphics2D g, List<ScoredCase> cases, HemorrhageLabel label, BasicStroke stroke, Color color) {
        double[] scores = EvaluationSamples.scores(cases, label);
        boolean[] truths = EvaluationSamples.truths(cases, label);
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        g.setColor(color);
        for (Reliability.Bin bin : Reliability.bins(scores, truths, CalibrationError.BINS)) {
            if (bin.count() == 0) {
                continue;
            }
            int px = LabelPanels.x(bin.meanProbability());
            int py = LabelPanels.y(bin.fractionPositive());
            if (started) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                started = true;
            }
            g.fillOval(px - 3, py - 3, 7, 7);
        }
        g.setStroke(stroke);
        g.draw(path);
        return ReportMarkdown.format(Reliability.expectedCalibrationError(scores, truths, CalibrationError.BINS));
    }
}
