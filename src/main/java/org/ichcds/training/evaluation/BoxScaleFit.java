package org.ichcds.training.evaluation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Fits each subtype's {@link BoxScale} on an evaluation's predicted and truth boxes: the width and height factors that
 * give the highest VOC AP at IoU 0.5, searched on a grid of {@value #STEP} from {@value #LOWEST} to {@value #HIGHEST}
 * and refined to half a step; of factors with equal AP, the ones nearest to no change. A subtype keeps its current
 * boxes unless it has at least {@value #MIN_TRUTH_BOXES} truth boxes and the best factors raise its AP by at least
 * {@value #MIN_GAIN}: a correction must be worth more than the noise of the studies it was fitted on.
 */
public final class BoxScaleFit {

    /** Smallest factor tried. */
    static final double LOWEST = 0.5;

    /** Largest factor tried. */
    static final double HIGHEST = 1.5;

    /** Grid step. */
    static final double STEP = 0.1;

    /** Truth boxes a subtype needs before its boxes are corrected. */
    public static final int MIN_TRUTH_BOXES = 50;

    /** Lowest box score a fit needs the runner to keep: {@code evaluate}'s default, the tail AP needs. */
    public static final float MIN_BOX_SCORE = 0.05f;

    /** AP@0.5 a correction must add to be kept. */
    public static final double MIN_GAIN = 0.01;

    private static final double IOU = 0.5;

    private BoxScaleFit() {}

    /**
     * One subtype's fit.
     *
     * @param subtype the subtype
     * @param truthBoxes its truth boxes
     * @param before AP@0.5 of the boxes as evaluated (empty without truth boxes)
     * @param scale the correction relative to the boxes as evaluated ({@link BoxScale#IDENTITY} when none is kept)
     * @param after AP@0.5 with the correction
     */
    public record Result(
            HemorrhageLabel subtype, int truthBoxes, OptionalDouble before, BoxScale scale, OptionalDouble after) {}

    /** Fits every subtype of the evaluation. */
    public static Map<HemorrhageLabel, Result> fit(Evaluation evaluation) {
        Map<HemorrhageLabel, Result> results = new EnumMap<>(HemorrhageLabel.class);
        for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
            results.put(
                    subtype,
                    fit(
                            subtype,
                            evaluation.samples().detections(subtype),
                            evaluation.samples().truthBoxes(subtype)));
        }
        return results;
    }

    static Result fit(HemorrhageLabel subtype, List<LabelledBox> detections, List<LabelledBox> truths) {
        OptionalDouble before = VocAveragePrecision.of(detections, truths, IOU);
        if (truths.size() < MIN_TRUTH_BOXES || before.isEmpty() || detections.isEmpty()) {
            return new Result(subtype, truths.size(), before, BoxScale.IDENTITY, before);
        }
        double bestAp = before.getAsDouble();
        double bestWidth = 1;
        double bestHeight = 1;
        int steps = (int) Math.round((HIGHEST - LOWEST) / STEP);
        for (int i = 0; i <= steps; i++) {
            for (int j = 0; j <= steps; j++) {
                double w = LOWEST + i * STEP;
                double h = LOWEST + j * STEP;
                double ap = ap(detections, truths, w, h);
                if (better(ap, w, h, bestAp, bestWidth, bestHeight)) {
                    bestAp = ap;
                    bestWidth = w;
                    bestHeight = h;
                }
            }
        }
        double centreWidth = bestWidth;
        double centreHeight = bestHeight;
        for (double dw = -STEP / 2; dw <= STEP / 2 + 1e-9; dw += STEP / 2) {
            for (double dh = -STEP / 2; dh <= STEP / 2 + 1e-9; dh += STEP / 2) {
                double w = round(centreWidth + dw);
                double h = round(centreHeight + dh);
                if (w < BoxScale.MIN || h < BoxScale.MIN) {
                    continue;
                }
                double ap = ap(detections, truths, w, h);
                if (better(ap, w, h, bestAp, bestWidth, bestHeight)) {
                    bestAp = ap;
                    bestWidth = w;
                    bestHeight = h;
                }
            }
        }
        if (bestAp - before.getAsDouble() < MIN_GAIN) {
            return new Result(subtype, truths.size(), before, BoxScale.IDENTITY, before);
        }
        return new Result(
                subtype,
                truths.size(),
                before,
                new BoxScale(round(bestWidth), round(bestHeight)),
                OptionalDouble.of(bestAp));
    }

    private static boolean better(double ap, double w, double h, double bestAp, double bestW, double bestH) {
        if (ap > bestAp + 1e-12) {
            return true;
        }
        return ap >= bestAp - 1e-12 && change(w, h) < change(bestW, bestH);
    }

    private static double change(double w, double h) {
        return Math.abs(Math.log(w)) + Math.abs(Math.log(h));
    }

    private static double ap(List<LabelledBox> detections, List<LabelledBox> truths, double width, double height) {
        List<LabelledBox> scaled = detections.stream()
                .map(d -> new LabelledBox(d.sopInstanceUid(), d.label(), d.score(), scaled(d.box(), width, height)))
                .toList();
        return VocAveragePrecision.of(scaled, truths, IOU).orElse(0);
    }

    static PixelBox scaled(PixelBox box, double width, double height) {
        double w = box.width() * width;
        double h = box.height() * height;
        return new PixelBox(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h);
    }

    private static double round(double factor) {
        return Math.round(factor * 100) / 100.0;
    }
}
