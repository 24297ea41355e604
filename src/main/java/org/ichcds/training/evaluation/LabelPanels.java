package org.ichcds.training.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ichcds.inference.HemorrhageLabel;

/**
 * The layout the evaluation's plots share: one PNG, a square panel per label (4 × 2 grid, label order) with unit axes,
 * a grey dotted diagonal and a two-line legend box, and a panel of notes in the last cell.
 */
final class LabelPanels {

    static final int PANEL = 360;
    static final int COLUMNS = 4;
    static final int ROWS = 2;
    static final BasicStroke SOLID = new BasicStroke(2.5f);
    static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f);
    private static final int LEFT = 52;
    private static final int TOP = 30;
    private static final int PLOT = PANEL - LEFT - 22;

    /** Draws one label's panel, its axes already drawn. */
    interface Panel {
        void draw(Graphics2D g, HemorrhageLabel label);
    }

    /** The axis titles of every panel. */
    record Axes(String x, int xShift, String y, int yShift) {}

    private LabelPanels() {}

    static BufferedImage draw(Axes axes, Panel panel, String... notes) {
        BufferedImage image = new BufferedImage(PANEL * COLUMNS, PANEL * ROWS, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                int i = label.ordinal();
                Graphics2D cell = (Graphics2D) g.create((i % COLUMNS) * PANEL, (i / COLUMNS) * PANEL, PANEL, PANEL);
                frame(cell, label.code(), axes);
                panel.draw(cell, label);
                cell.dispose();
            }
            Graphics2D cell = (Graphics2D) g.create((COLUMNS - 1) * PANEL, PANEL, PANEL, PANEL);
            notes(cell, notes);
            cell.dispose();
        } finally {
            g.dispose();
        }
        return image;
    }

    static void write(BufferedImage image, Path png) throws IOException {
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    /** An opaque legend box (curves passing under it do not cross the text) with a solid and a dashed line. */
    static void legends(Graphics2D g, Color solid, String solidText, Color dashed, String dashedText) {
        int boxLeft = x(0.40);
        int boxTop = y(0) - 52;
        g.setColor(Color.WHITE);
        g.fillRect(boxLeft, boxTop, x(1) - 4 - boxLeft, 46);
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(boxLeft, boxTop, x(1) - 4 - boxLeft, 46);
        legend(g, 0, solid, SOLID, solidText);
        legend(g, 1, dashed, DASHED, dashedText);
    }

    static int x(double value) {
        return LEFT + (int) Math.round(value * PLOT);
    }

    static int y(double value) {
        return TOP + (int) Math.round((1 - value) * PLOT);
    }

    private static void frame(Graphics2D g, String title, Axes axes) {
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
        g.drawString(axes.x(), LEFT + axes.xShift(), PANEL - 4);
        Graphics2D vertical = (Graphics2D) g.create();
        vertical.rotate(-Math.PI / 2);
        vertical.drawString(axes.y(), -(TOP + PLOT / 2 + axes.yShift()), 14);
        vertical.dispose();
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {3f, 3f}, 0f));
        g.drawLine(x(0), y(0), x(1), y(1));
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

    private static void notes(Graphics2D g, String[] lines) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 20, TOP + 20 + i * 22);
        }
    }
}
