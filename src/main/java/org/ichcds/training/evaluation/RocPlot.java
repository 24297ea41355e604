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
 * ROC curves as one PNG ({@link LabelPanels}): a panel per label, study level solid and slice level dashed, the chance
 * diagonal, and each curve's AUC in the legend.
 */
final class RocPlot {

    static final int PANEL = LabelPanels.PANEL;
    static final int COLUMNS = LabelPanels.COLUMNS;
    static final int ROWS = LabelPanels.ROWS;
    private static final Color STUDY = new Color(0x1f77b4);
    private static final Color SLICE = new Color(0xd62728);
    private static final LabelPanels.Axes AXES =
            new LabelPanels.Axes("1 − specificity (false positive rate)", 30, "sensitivity", 28);

    private RocPlot() {}

    /** Draws the curves of the samples' studies and slices. */
    static BufferedImage draw(EvaluationSamples samples) {
        return LabelPanels.draw(
                AXES,
                (g, label) -> panel(g, samples, label),
                "ROC curves per label",
                samples.studies().size() + " studies (solid), "
                        + samples.slices().size() + " slices (dashed)",
                "grey dotted line: chance (AUC 0.5)",
                "AUC n/a: no positive or no negative case");
    }

    /** Draws and writes the PNG. */
    static void write(EvaluationSamples samples, Path png) throws IOException {
        LabelPanels.write(draw(samples), png);
    }

    private static void panel(Graphics2D g, EvaluationSamples samples, HemorrhageLabel label) {
        String study = curve(g, samples.studies(), label, LabelPanels.SOLID, STUDY);
        String slice = curve(g, samples.slices(), label, LabelPanels.DASHED, SLICE);
        LabelPanels.legends(g, STUDY, "study AUC " + study, SLICE, "slice AUC " + slice);
    }

    private static String curve(
            Graphics2D g, List<ScoredCase> cases, HemorrhageLabel label, BasicStroke stroke, Color color) {
        double[] scores = EvaluationSamples.scores(cases, label);
        boolean[] truths = EvaluationSamples.truths(cases, label);
        List<RocPoint> points = Metrics.rocCurve(scores, truths);
        if (!points.isEmpty()) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(LabelPanels.x(0), LabelPanels.y(0));
            points.forEach(p -> path.lineTo(LabelPanels.x(p.falsePositiveRate()), LabelPanels.y(p.truePositiveRate())));
            g.setColor(color);
            g.setStroke(stroke);
            g.draw(path);
        }
        return ReportMarkdown.format(Metrics.rocAuc(scores, truths));
    }
}
