package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;
import org.junit.jupiter.api.Test;

/** The boxes a viewer shows from one score: counted against the truth as AP@0.5 matches them, and the best cut. */
class ShownBoxesTest {

    private static final HemorrhageLabel SDH = HemorrhageLabel.SUBDURAL;
    private static final HemorrhageLabel EDH = HemorrhageLabel.EPIDURAL;
    private static final PixelBox WHERE = new PixelBox(10, 10, 20, 20);
    private static final PixelBox ELSEWHERE = new PixelBox(100, 100, 20, 20);

    /**
     * Study A (subdural probability 0.81, epidural 0.25) holds a subdural bleed on slices a1 and a2 and an epidural one
     * on a3. The detector gives: a1 subdural on the bleed 0.9, a1 subdural again on it 0.6 (a duplicate: a false
     * positive), a2 subdural on the bleed 0.3, a3 epidural beside the bleed 0.7 (a false positive: no overlap), and a
     * subdural box on a3 at 0.2 (no subdural truth there). Study B (probabilities 0.01) has none.
     */
    private static EvaluationSamples samples() {
        EvaluationSamples samples = new EvaluationSamples();
        double[] p = new double[HemorrhageLabel.COUNT];
        p[SDH.ordinal()] = 0.81;
        p[EDH.ordinal()] = 0.25;
        boolean[] bleed = new boolean[HemorrhageLabel.COUNT];
        bleed[HemorrhageLabel.ANY.ordinal()] = true;
        bleed[SDH.ordinal()] = true;
        bleed[EDH.ordinal()] = true;
        samples.addStudy(new ScoredCase("A", p, bleed));
        double[] low = new double[HemorrhageLabel.COUNT];
        java.util.Arrays.fill(low, 0.01);
        samples.addStudy(new ScoredCase("B", low, new boolean[HemorrhageLabel.COUNT]));
        for (String slice : List.of("a1", "a2", "a3")) {
            samples.addSliceOfStudy(slice, "A");
        }
        samples.addSliceOfStudy("b1", "B");
        samples.addTruthBox(LabelledBox.truth("a1", SDH, WHERE));
        samples.addTruthBox(LabelledBox.truth("a2", SDH, WHERE));
        samples.addTruthBox(LabelledBox.truth("a3", EDH, WHERE));
        samples.addDetection(new LabelledBox("a1", SDH, 0.9, WHERE));
        samples.addDetection(new LabelledBox("a1", SDH, 0.6, WHERE));
        samples.addDetection(new LabelledBox("a2", SDH, 0.3, WHERE));
        samples.addDetection(new LabelledBox("a3", EDH, 0.7, ELSEWHERE));
        samples.addDetection(new LabelledBox("a3", SDH, 0.2, WHERE));
        return samples;
    }

    private static Map<HemorrhageLabel, List<LabelledBox>> detections(EvaluationSamples samples) {
        return ShownBoxes.detectorScored(samples, 0);
    }

    @Test
    void countsTheShownBoxesOnATruthBoxAndTheTruthBoxesFound() {
        EvaluationSamples samples = samples();
        // from 0.5: the 0.9 (hit), 0.7 (miss), 0.6 (duplicate): 1 of 3 on a truth box, 1 of 3 truth boxes found
        ShownBoxes half = ShownBoxes.of(samples, detections(samples), 0.5);
        assertThat(half).isEqualTo(new ShownBoxes(0.5, 3, 1, 3));
        assertThat(half.precision()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(half.recall()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(half.f1()).isCloseTo(1 / 3.0, within(1e-12));
        // from 0.3: the a2 box joins (hit): 2 of 4, 2 of 3; F1 = 2 x 0.5 x 2/3 / (0.5 + 2/3) = 4/7
        ShownBoxes more = ShownBoxes.of(samples, detections(samples), 0.3);
        assertThat(more).isEqualTo(new ShownBoxes(0.3, 4, 2, 3));
        assertThat(more.f1()).isCloseTo(4 / 7.0, within(1e-12));
        assertThat(more.describe())
                .isEqualTo("4 boxes, 50.0 % on a truth box (IoU 0.5), 66.7 % of 3 truth boxes found, F1 0.571");
        // nothing shown
        assertThat(ShownBoxes.of(samples, detections(samples), 0.95).f1()).isZero();
    }

    @Test
    void theBestCutIsTheHighestScoreOfTheHighestF1() {
        EvaluationSamples samples = samples();
        // F1 by cut: (0.9, 1.0] none: 0; (0.7, 0.9]: 1 box, 1 hit: 2 x 1 x 1/3 / (4/3) = 0.5; (0.6, 0.7]: 1/2 and 1/3:
        // 0.4; (0.3, 0.6]: 1/3; (0.2, 0.3]: 4/7 = 0.571, the highest; from 0.2 and below: 2 of 5, 2 of 3: 0.5
        ShownBoxes best = ShownBoxes.bestF1(samples, detections(samples));
        assertThat(best.minScore()).isEqualTo(0.3);
        assertThat(best.f1()).isCloseTo(4 / 7.0, within(1e-12));
    }

    @Test
    void theStudyWeightIsTakenOutAndTheCorrectionsPutIn() {
        EvaluationSamples weighted = new EvaluationSamples();
        EvaluationSamples plain = samples();
        plain.studies().forEach(weighted::addStudy);
        for (String slice : List.of("a1", "a2", "a3")) {
            weighted.addSliceOfStudy(slice, "A");
        }
        for (HemorrhageLabel subtype : List.of(SDH, EDH)) {
            plain.truthBoxes(subtype).forEach(weighted::addTruthBox);
        }
        // served as the server serves a manifest with boxStudyExponent 0.5: score x p^0.5
        for (HemorrhageLabel subtype : List.of(SDH, EDH)) {
            for (LabelledBox d : plain.detections(subtype)) {
                float p = (float) plain.studies().get(0).probability(subtype);
                weighted.addDetection(
                        new LabelledBox(d.sopInstanceUid(), subtype, (float) (d.score() * Math.pow(p, 0.5)), d.box()));
            }
        }
        Map<HemorrhageLabel, List<LabelledBox>> own = ShownBoxes.detectorScored(weighted, 0.5);
        assertThat(own.get(SDH))
                .extracting(LabelledBox::score)
                .allSatisfy(s -> assertThat(List.of(0.9, 0.6, 0.3, 0.2))
                        .anySatisfy(v -> assertThat(s).isCloseTo(v, within(1e-6))));
        assertThat(own.get(EDH))
                .singleElement()
                .satisfies(d -> assertThat(d.score()).isCloseTo(0.7, within(1e-6)));
        // the same cut on the detector's scores as on the plain boxes
        assertThat(ShownBoxes.of(weighted, own, 0.3)).isEqualTo(ShownBoxes.of(plain, detections(plain), 0.3));

        // a correction that halves the subdural boxes takes them below IoU 0.5 with their truth: no hit is left
        Map<HemorrhageLabel, List<LabelledBox>> halved =
                ShownBoxes.rescaled(detections(plain), Map.of(SDH, new BoxScale(0.5, 0.5)));
        assertThat(halved.get(SDH).get(0).box()).isEqualTo(new PixelBox(15, 15, 10, 10));
        assertThat(halved.get(EDH)).isEqualTo(detections(plain).get(EDH));
        assertThat(ShownBoxes.of(plain, halved, 0.3).onTruth()).isZero();
    }
}
