package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Fits each subtype's {@link BoxScale} on an evaluation's predicted and truth boxes: the width and height factors that
 * give the highest VOC AP at IoU 0.5, searched on a grid of {@value #STEP} from {@value #LOWEST} to {@value #HIGHEST}
 * and refined to half a step; of factors with equal AP, the ones nearest to no change. A subtype keeps its current
 * boxes unless it has at least {@value #MIN_TRUTH_BOXES} truth boxes and the factors raise its AP by at least
 * {@value #MIN_GAIN}, both on the studies they were fitted on and cross-validated: the studies are divided into
 * {@value #FOLDS} folds, each fold's boxes are corrected by factors fitted on the other folds, and the AP of all the
 * boxes so corrected must rise too. A correction that only fits the studies it was fitted on is not kept.
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

    /** AP@0.5 a correction must add to be kept, on the fitted studies and cross-validated. */
    public static final double MIN_GAIN = 0.01;

    /** Folds of the cross-validation, by study. */
    public static final int FOLDS = 5;

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
     * @param crossValidated AP@0.5 with each fold's boxes corrected by the factors fitted on the other folds; empty
     *     when no correction was worth checking
     */
    public record Result(
            HemorrhageLabel subtype,
            int truthBoxes,
            OptionalDouble before,
            BoxScale scale,
            OptionalDouble after,
            OptionalDouble crossValidated) {}

    /** Fits every subtype of the evaluation, its folds made of whole studies. */
    public static Map<HemorrhageLabel, Result> fit(Evaluation evaluation) {
        Map<HemorrhageLabel, List<LabelledBox>> detections = new EnumMap<>(HemorrhageLabel.class);
        HemorrhageLabel.subtypes()
                .forEach(s -> detections.put(s, evaluation.samples().detections(s)));
        return fit(evaluation, detections);
    }

    /**
     * Fits every subtype on these boxes of the evaluation's slices (its own, scored another way: {@link
     * BoxStudyExponentFit#weighted}).
     */
    public static Map<HemorrhageLabel, Result> fit(
            Evaluation evaluation, Map<HemorrhageLabel, List<LabelledBox>> detections) {
        EvaluationSamples samples = evaluation.samples();
        Map<HemorrhageLabel, Result> results = new EnumMap<>(HemorrhageLabel.class);
        for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
            results.put(subtype, fit(subtype, detections.get(subtype), samples.truthBoxes(subtype), samples::studyOf));
        }
        return results;
    }

    /** Fits one subtype; {@code studyOf} names the study of a slice (by SOP Instance UID), which keeps it in one fold. */
    static Result fit(
            HemorrhageLabel subtype,
            List<LabelledBox> detections,
            List<LabelledBox> truths,
            Function<String, String> studyOf) {
        OptionalDouble before = VocAveragePrecision.of(detections, truths, IOU);
        if (truths.size() < MIN_TRUTH_BOXES || before.isEmpty() || detections.isEmpty()) {
            return unchanged(subtype, truths.size(), before, OptionalDouble.empty());
        }
        Search best = search(detections, truths);
        if (best.ap() - before.getAsDouble() < MIN_GAIN) {
            return unchanged(subtype, truths.size(), before, OptionalDouble.empty());
        }
        OptionalDouble crossValidated = OptionalDouble.of(crossValidated(detections, truths, studyOf));
        if (crossValidated.getAsDouble() - before.getAsDouble() < MIN_GAIN) {
            return unchanged(subtype, truths.size(), before, crossValidated);
        }
        return new Result(
                subtype,
                truths.size(),
                before,
                new BoxScale(best.width(), best.height()),
                OptionalDouble.of(best.ap()),
                crossValidated);
    }

    private static Result unchanged(
            HemorrhageLabel subtype, int truthBoxes, OptionalDouble before, OptionalDouble crossValidated) {
        return new Result(subtype, truthBoxes, before, BoxScale.IDENTITY, before, crossValidated);
    }

    private static double crossValidated(
            List<LabelledBox> detections, List<LabelledBox> truths, Function<String, String> studyOf) {
        List<LabelledBox> corrected = new ArrayList<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            int held = fold;
            Predicate<LabelledBox> in =
                    box -> Math.floorMod(studyOf.apply(box.sopInstanceUid()).hashCode(), FOLDS) == held;
            List<LabelledBox> fitDetections =
                    detections.stream().filter(in.negate()).toList();
            List<LabelledBox> fitTruths = truths.stream().filter(in.negate()).toList();
            Search factors = fitTruths.isEmpty() ? new Search(1, 1, 0) : search(fitDetections, fitTruths);
            detections.stream()
                    .filter(in)
                    .map(d -> scaled(d, factors.width(), factors.height()))
                    .forEach(corrected::add);
        }
        return VocAveragePrecision.of(corrected, truths, IOU).orElse(0);
    }

    /** Factors and the AP they give. */
    private record Search(double width, double height, double ap) {}

    /** The best factors on these boxes: the grid, then half a step around its best. */
    private static Search search(List<LabelledBox> detections, List<LabelledBox> truths) {
        Search best = new Search(1, 1, ap(detections, truths, 1, 1));
        int steps = (int) Math.round((HIGHEST - LOWEST) / STEP);
        for (int i = 0; i <= steps; i++) {
            for (int j = 0; j <= steps; j++) {
                best = better(best, detections, truths, round(LOWEST + i * STEP), round(LOWEST + j * STEP));
            }
        }
        Search centre = best;
        for (int i = -1; i <= 1; i++) {
            for (int j = -1; j <= 1; j++) {
                double w = round(centre.width() + i * STEP / 2);
                double h = round(centre.height() + j * STEP / 2);
                if (w >= BoxScale.MIN && h >= BoxScale.MIN) {
                    best = better(best, detections, truths, w, h);
                }
            }
        }
        return best;
    }

    /** The better of the best so far and these factors: a higher AP, or an equal one with less change. */
    private static Search better(
            Search best, List<LabelledBox> detections, List<LabelledBox> truths, double w, double h) {
        double ap = ap(detections, truths, w, h);
        boolean higher = ap > best.ap() + 1e-12;
        boolean equalWithLessChange = ap >= best.ap() - 1e-12 && change(w, h) < change(best.width(), best.height());
        return higher || equalWithLessChange ? new Search(w, h, ap) : best;
    }

    private static double change(double w, double h) {
        return Math.abs(Math.log(w)) + Math.abs(Math.log(h));
    }

    private static double ap(List<LabelledBox> detections, List<LabelledBox> truths, double width, double height) {
        List<LabelledBox> scaled =
                detections.stream().map(d -> scaled(d, width, height)).toList();
        return VocAveragePrecision.of(scaled, truths, IOU).orElse(0);
    }

    /** The box with its width and height multiplied by these factors about its centre; score and slice kept. */
    static LabelledBox scaled(LabelledBox d, double width, double height) {
        return new LabelledBox(d.sopInstanceUid(), d.label(), d.score(), scaled(d.box(), width, height));
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
