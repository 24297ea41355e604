package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.dataset.LabelledBox;

/**
 * The boxes a viewer shows when it shows those scoring {@code minScore} or more, over every subtype: how many, how many
 * of them lie on a truth box of their subtype (IoU ≥ 0.5, each truth box claimed once, from the highest score down, as
 * AP@0.5 matches them), and how many truth boxes they find. Where AP ranks every box, this is the one cut a reader sees.
 *
 * @param minScore boxes scoring this or more are shown
 * @param shown boxes shown
 * @param onTruth shown boxes that claimed a truth box
 * @param truths truth boxes of every subtype
 */
public record ShownBoxes(double minScore, int shown, int onTruth, int truths) {

    /** The lowest and highest score {@link #bestF1} tries, and its step. */
    public static final double LOWEST = 0.05;

    static final double HIGHEST = 0.95;
    static final double STEP = 0.01;

    /**
     * The boxes shown at a model's own cut, and at the score with the highest F1 on the same studies.
     *
     * @param served the boxes from the model's minimum box score
     * @param source where that score comes from ({@code the model's minBoxScore}, {@code the default}, …)
     * @param highestF1 the boxes from the score of the highest F1, or null when it was not searched
     */
    public record Summary(ShownBoxes served, String source, ShownBoxes highestF1) {

        public Summary {
            java.util.Objects.requireNonNull(served, "served");
            java.util.Objects.requireNonNull(source, "source");
        }
    }

    /** Share of the shown boxes on a truth box; 0 when none is shown. */
    public double precision() {
        return shown == 0 ? 0 : (double) onTruth / shown;
    }

    /** Share of the truth boxes found; 0 when there is none. */
    public double recall() {
        return truths == 0 ? 0 : (double) onTruth / truths;
    }

    /** The harmonic mean of precision and recall; 0 when either is. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** One line: {@code 3011 boxes, 83.1 % on a truth box, 53.2 % of 4683 truth boxes found, F1 0.648}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%d boxes, %.1f %% on a truth box (IoU 0.5), %.1f %% of %d truth boxes found, F1 %.3f",
                shown,
                100 * precision(),
                100 * recall(),
                truths,
                f1());
    }

    /**
     * The evaluation's boxes with the detector's own scores, which the server's minimum box score applies to: where the
     * runner weighed each box by its study ({@code boxStudyExponent}), the weight is taken out again.
     *
     * @param servedExponent the {@code boxStudyExponent} the evaluation's runner served (0: its boxes are the
     *     detector's)
     */
    public static Map<HemorrhageLabel, List<LabelledBox>> detectorScored(Evaluation evaluation, double servedExponent) {
        return detectorScored(evaluation.samples(), servedExponent);
    }

    static Map<HemorrhageLabel, List<LabelledBox>> detectorScored(EvaluationSamples samples, double servedExponent) {
        if (servedExponent == 0) {
            return samples.detections();
        }
        Map<String, float[]> byStudy = new HashMap<>();
        for (ScoredCase study : samples.studies()) {
            float[] p = new float[HemorrhageLabel.COUNT];
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                p[label.ordinal()] = (float) study.probability(label);
            }
            byStudy.put(study.id(), p);
        }
        return samples.rescoredDetections(byStudy, (score, p) -> {
            double weight = Math.pow(p, servedExponent);
            return weight > 0 ? (float) (score / weight) : Double.NaN;
        });
    }

    /** The boxes with each subtype's width and height multiplied by its factors of {@code scales}, about its centre. */
    public static Map<HemorrhageLabel, List<LabelledBox>> rescaled(
            Map<HemorrhageLabel, List<LabelledBox>> boxes, Map<HemorrhageLabel, BoxScale> scales) {
        Map<HemorrhageLabel, List<LabelledBox>> out = new EnumMap<>(HemorrhageLabel.class);
        boxes.forEach((subtype, list) -> {
            BoxScale scale = scales.getOrDefault(subtype, BoxScale.IDENTITY);
            out.put(
                    subtype,
                    scale.isIdentity()
                            ? list
                            : list.stream()
                                    .map(d -> BoxScaleFit.scaled(d, scale.width(), scale.height()))
                                    .toList());
        });
        return out;
    }

    /** The boxes shown from {@code minScore}, of {@code detections} (per subtype) against the evaluation's truth. */
    public static ShownBoxes of(
            Evaluation evaluation, Map<HemorrhageLabel, List<LabelledBox>> detections, double minScore) {
        return at(matched(evaluation.samples(), detections), truthCount(evaluation.samples()), minScore);
    }

    /**
     * Of the scores from 0.05 to 0.95 in steps of 0.01, the one whose shown boxes of {@code detections} have the
     * highest F1; of equal F1, the higher score (fewer boxes). The boxes must be kept from 0.05, as {@code evaluate}
     * keeps them.
     */
    public static ShownBoxes bestF1(Evaluation evaluation, Map<HemorrhageLabel, List<LabelledBox>> detections) {
        return bestF1(evaluation.samples(), detections);
    }

    static ShownBoxes bestF1(EvaluationSamples samples, Map<HemorrhageLabel, List<LabelledBox>> detections) {
        List<Match> matched = matched(samples, detections);
        int truths = truthCount(samples);
        ShownBoxes best = null;
        for (int step = (int) Math.round((HIGHEST - LOWEST) / STEP); step >= 0; step--) {
            double score = Math.round((LOWEST + step * STEP) * 100) / 100.0;
            ShownBoxes candidate = at(matched, truths, score);
            if (best == null || candidate.f1() > best.f1()) {
                best = candidate;
            }
        }
        return best;
    }

    static ShownBoxes of(
            EvaluationSamples samples, Map<HemorrhageLabel, List<LabelledBox>> detections, double minScore) {
        return at(matched(samples, detections), truthCount(samples), minScore);
    }

    private record Match(double score, boolean hit) {}

    /**
     * Every subtype's boxes, matched to that subtype's truth boxes from the highest score down. The matches of the boxes
     * above any cut are the same whether or not the lower ones are there, so one matching serves every cut.
     */
    private static List<Match> matched(EvaluationSamples samples, Map<HemorrhageLabel, List<LabelledBox>> detections) {
        List<Match> all = new ArrayList<>();
        for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
            VocAveragePrecision.Ranked ranked = VocAveragePrecision.ranked(
                    detections.getOrDefault(subtype, List.of()), samples.truthBoxes(subtype), Metrics.VOC_IOU);
            for (int i = 0; i < ranked.hits().length; i++) {
                all.add(new Match(ranked.boxes().get(i).score(), ranked.hits()[i]));
            }
        }
        all.sort(Comparator.comparingDouble(Match::score).reversed());
        return all;
    }

    private static int truthCount(EvaluationSamples samples) {
        return HemorrhageLabel.subtypes().stream()
                .mapToInt(s -> samples.truthBoxes(s).size())
                .sum();
    }

    private static ShownBoxes at(List<Match> matched, int truths, double minScore) {
        int shown = 0;
        int hits = 0;
        for (Match m : matched) {
            if (m.score() < minScore) {
                break;
            }
            shown++;
            hits += m.hit() ? 1 : 0;
        }
        return new ShownBoxes(minScore, shown, hits, truths);
    }
}
