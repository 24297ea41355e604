package org.ichcds.training.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Reliability diagrams of the study probabilities as one PNG, laid out as the ROC plot ({@link RocPlot}): a panel per
 * label, the fraction of positive studies against the mean probability in each of 15 equal-width bins, calibrated
 * (solid, as served) and uncalibrated (dashed), the diagonal of perfect calibration, and each curve's ECE.
 */
final class ReliabilityPlot {

    private static final int PANEL = RocPlot.PANEL;
    private static final int LEFT = 52;
    private static final int TOP = 30;
    private static final int PLOT = PANEL - LEFT - 22;
    private static final Color CALIBRATED = new Color(0x1f77b4);
    private static final Color UNCALIBRATED = new Color(0xff7f0e);
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f);

    private ReliabilityPlot() {}

    static BufferedImage draw(EvaluationSamples samples) {
        BufferedImage image =
                new BufferedImage(PANEL * RocPlot.COLUMNS, PANEL * RocPlot.ROWS, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                int i = label.ordinal();
                Graphics2D panel = (Graphics2D)
                        g.create((i % RocPlot.COLUMNS) * PANEL, (i / RocPlot.COLUMNS) * PANEL, PANEL, PANEL);
                panel(panel, samples, label);
                panel.dispose();
            }
            Graphics2D notes = (Graphics2D) g.create((RocPlot.COLUMNS - 1) * PANEL, PANEL, PANEL, PANEL);
            notes(notes, samples.studies().size());
            notes.dispose();
        } finally {
            g.dispose();
        }
        return image;
    }

    static void write(EvaluationSamples samples, Path png) throws IOException {
        if (!ImageIO.write(draw(samples), "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    private static void panel(Graphics2D g, EvaluationSamples samples, HemorrhageLabel label) {
        axes(g, label.code());
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {3f, 3f}, 0f));
        g.drawLine(x(0), y(0), x(1), y(1));
        String after = curve(g, samples.studies(), label, new BasicStroke(2.5f), CALIBRATED);
        String before = curve(g, samples.uncalibratedStudies(), label, DASHED, UNCALIBRATED);
        int boxLeft = x(0.40);
        int boxTop = y(0) - 52;
        g.setColor(Color.WHITE);
        g.fillRect(boxLeft, boxTop, x(1) - 4 - boxLeft, 46);
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(boxLeft, boxTop, x(1) - 4 - boxLeft, 46);
        legend(g, 0, CALIBRATED, new BasicStroke(2.5f), "calibrated ECE " + after);
        legend(g, 1, UNCALIBRATED, DASHED, "uncalibrated " + before);
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
            int px = x(bin.meanProbability());
            int py = y(bin.fractionPositive());
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

    private static void axes(Graphics2D g, String title) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x(0), y(1), PLOT, PLOT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            String tick = String.format(Locale.ROOT, "%.1f", v);
            g.drawLine(x(v), y(0), x(v), y(0) + 4);
            g.drawString(tick, x(v) - 8, y(0) + 16);
            g.drawLine(x(0) - 4, y(v), x(0), y(v));
            g.drawString(tick, x(0) - 26, y(v) + 4);
        }
        g.drawString("mean study probability in the bin", LEFT + 40, PANEL - 4);
        Graphics2D vertical = (Graphics2D) g.create();
        vertical.rotate(-Math.PI / 2);
        vertical.drawString("fraction of positive studies", -(TOP + PLOT / 2 + 70), 14);
        vertical.dispose();
    }

    private static void legend(Graphics2D g, int line, Color color, BasicStroke stroke, String text) {
        int top = y(0) - 40 + line * 18;
        int left = x(0.42);
        g.setColor(color);
        g.setStroke(stroke);
        g.drawLine(left, top, left + 24, top);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(text, left + 30, top + 5);
    }

    private static void notes(Graphics2D g, int studies) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        String[] lines = {
            "Reliability diagrams, study level",
            studies + " studies, " + CalibrationError.BINS + " equal-width bins",
            "solid: calibrated (as served)",
            "dashed: the model's uncalibrated probability",
            "grey dotted line: perfect calibration",
            "ECE: expected calibration error"
        };
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 20, TOP + 20 + i * 22);
        }
    }

    private static int x(double probability) {
        return LEFT + (int) Math.round(probability * PLOT);
    }

    private static int y(double fraction) {
        return TOP + (int) Math.round((1 - fraction) * PLOT);
    }
}
