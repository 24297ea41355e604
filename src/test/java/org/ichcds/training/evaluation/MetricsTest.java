package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ichcds.inference.HemorrhageLabel.SUBDURAL;

import java.util.List;
import java.util.OptionalDouble;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void aucOfAPerfectRankingIsOneAndOfAnInvertedRankingZero() {
        boolean[] truths = {F, F, T, T};
        assertThat(Metrics.rocAuc(new double[] {0.1, 0.2, 0.8, 0.9}, truths)).hasValue(1.0);
        assertThat(Metrics.rocAuc(new double[] {0.9, 0.8, 0.2, 0.1}, truths)).hasValue(0.0);
    }

    @Test
    void atSensitivityTakesTheThresholdOfTheFirstPositiveThatReachesItAndCallsTiedNegatives() {
        // positives 0.9, 0.7, 0.6, 0.3; negatives 0.8, 0.6, 0.4
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.6, 0.4, 0.3};
        boolean[] truths = {T, F, T, T, F, F, T};
        RocPoint half = Metrics.atSensitivity(scores, truths, 0.5).orElseThrow();
        assertThat(half.threshold()).isEqualTo(0.7);
        assertThat(half.truePositiveRate()).isEqualTo(0.5);
        assertThat(1 - half.falsePositiveRate()).isCloseTo(2.0 / 3, within(1e-12));
        // the third positive, 0.6, is tied with a negative: that negative is called too
        RocPoint threeQuarters = Metrics.atSensitivity(scores, truths, 0.75).orElseThrow();
        assertThat(threeQuarters.threshold()).isEqualTo(0.6);
        assertThat(1 - threeQuarters.falsePositiveRate()).isCloseTo(1.0 / 3, within(1e-12));
        RocPoint all = Metrics.atSensitivity(scores, truths, 0.95).orElseThrow();
        assertThat(all.threshold()).isEqualTo(0.3);
        assertThat(all.truePositiveRate()).isEqualTo(1.0);
        assertThat(all.falsePositiveRate()).isEqualTo(1.0);
    }

    @Test
    void atSensitivityReachesExactlyNineteenOfTwentyAtNinetyFivePercentAndIsEmptyWithoutNegatives() {
        double[] scores = new double[21];
        boolean[] truths = new boolean[21];
        for (int i = 0; i < 20; i++) {
            scores[i] = 1 + i;
            truths[i] = true;
        }
        scores[20] = 1.5; // a negative above the lowest positive only
        RocPoint point = Metrics.atSensitivity(scores, truths, Metrics.TARGET_SENSITIVITY_ANY)
                .orElseThrow();
        assertThat(point.threshold()).isEqualTo(2.0);
        assertThat(point.truePositiveRate()).isEqualTo(19.0 / 20);
        assertThat(point.falsePositiveRate()).isZero();
        assertThat(Metrics.atSensitivity(new double[] {0.4, 0.6}, new boolean[] {T, T}, 0.9))
                .isEmpty();
    }

    @Test
    void aucCountsHalfForEachTiedPositiveNegativePair() {
        // pairs (pos, neg): (0.8 vs 0.1) win, (0.8 vs 0.5) win, (0.5 vs 0.1) win, (0.5 vs 0.5) tie -> 3.5 / 4
        double[] scores = {0.1, 0.5, 0.5, 0.8};
        boolean[] truths = {F, F, T, T};
        assertThat(Metrics.rocAuc(scores, truths).getAsDouble()).isCloseTo(0.875, within(1e-12));
        // every score equal: every pair is a tie
        assertThat(Metrics.rocAuc(new double[] {0.3, 0.3, 0.3}, new boolean[] {T, F, F}))
                .hasValue(0.5);
    }

    @Test
    void aucOfAHandComputedMixedRanking() {
        // positives 0.35, 0.8; negatives 0.1, 0.4, 0.9: wins 0.35>0.1, 0.8>0.1, 0.8>0.4 -> 3 of 6
        double[] scores = {0.1, 0.35, 0.4, 0.8, 0.9};
        boolean[] truths = {F, T, F, T, F};
        assertThat(Metrics.rocAuc(scores, truths).getAsDouble()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aucIsUndefinedWithoutPositivesOrNegatives() {
        assertThat(Metrics.rocAuc(new double[] {0.2, 0.7}, new boolean[] {F, F}))
                .isEmpty();
        assertThat(Metrics.rocAuc(new double[] {0.2, 0.7}, new boolean[] {T, T}))
                .isEmpty();
        assertThat(Metrics.rocAuc(new double[0], new boolean[0])).isEmpty();
        assertThat(Metrics.rocCurve(new double[] {0.2}, new boolean[] {T})).isEmpty();
    }

    @Test
    void mismatchedOrNanInputIsRefused() {
        assertThatThrownBy(() -> Metrics.rocAuc(new double[] {0.1}, new boolean[] {T, F}))
                .hasMessageContaining("1 scores but 2 truths");
        assertThatThrownBy(() -> Metrics.rocAuc(new double[] {0.1, Double.NaN}, new boolean[] {T, F}))
                .hasMessageContaining("score 1 is NaN");
    }

    @Test
    void rocCurveHasOnePointPerDistinctScoreAndItsTrapezoidsGiveTheAuc() {
        double[] scores = {0.1, 0.5, 0.5, 0.8};
        boolean[] truths = {F, F, T, T};
        List<RocPoint> curve = Metrics.rocCurve(scores, truths);
        assertThat(curve)
                .extracting(RocPoint::falsePositiveRate, RocPoint::truePositiveRate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0.0, 0.0),
                        org.assertj.core.groups.Tuple.tuple(0.0, 0.5),
                        org.assertj.core.groups.Tuple.tuple(0.5, 1.0),
                        org.assertj.core.groups.Tuple.tuple(1.0, 1.0));
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            RocPoint a = curve.get(i - 1);
            RocPoint b = curve.get(i);
            area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
        }
        assertThat(area).isCloseTo(Metrics.rocAuc(scores, truths).getAsDouble(), within(1e-12));
    }

    @Test
    void confusionCallsPositiveAtOrAboveTheThreshold() {
        double[] scores = {0.2, 0.5, 0.5, 0.9, 0.1};
        boolean[] truths = {F, T, F, T, T};
        Confusion c = Metrics.confusion(scores, truths, 0.5);
        assertThat(c).isEqualTo(new Confusion(2, 1, 1, 1));
        assertThat(c.accuracy()).hasValue(0.6);
        assertThat(c.precision().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.recall().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.specificity()).hasValue(0.5);
        assertThat(c.f1().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void ratiosWithoutADenominatorAreUndefined() {
        Confusion nothingCalled = Metrics.confusion(new double[] {0.1, 0.2}, new boolean[] {F, F}, 0.5);
        assertThat(nothingCalled.precision()).isEmpty();
        assertThat(nothingCalled.sensitivity()).isEmpty();
        assertThat(nothingCalled.f1()).isEmpty();
        assertThat(nothingCalled.specificity()).hasValue(1.0);
    }

    @Test
    void weightedLogLossMatchesAHandComputedValue() {
        // two labels weighted 2 and 1 (weight sum 3)
        // row 1: truth (1, 0), p (0.9, 0.2): (2*0.105361 + 0.223144) / 3 = 0.144622
        // row 2: truth (0, 1), p (0.3, 0.6): (2*0.356675 + 0.510826) / 3 = 0.408059; mean 0.276340
        double row1 = (2 * -Math.log(0.9) - Math.log(0.8)) / 3;
        double row2 = (2 * -Math.log(0.7) - Math.log(0.6)) / 3;
        OptionalDouble loss = Metrics.weightedLogLoss(
                new double[][] {{0.9, 0.2}, {0.3, 0.6}}, new boolean[][] {{T, F}, {F, T}}, new double[] {2, 1});
        assertThat(loss.getAsDouble()).isCloseTo((row1 + row2) / 2, within(1e-12));
        assertThat((row1 + row2) / 2).isCloseTo(0.27634, within(1e-5));
    }

    @Test
    void weightedLogLossClipsCertainWrongAnswers() {
        OptionalDouble loss =
                Metrics.weightedLogLoss(new double[][] {{0.0, 1.0}}, new boolean[][] {{T, F}}, new double[] {2, 1});
        assertThat(loss.getAsDouble()).isCloseTo(-Math.log(1e-7), within(1e-6));
        assertThat(Metrics.weightedLogLoss(new double[0][], new boolean[0][], new double[] {1}))
                .isEmpty();
        assertThatThrownBy(
                        () -> Metrics.weightedLogLoss(new double[][] {{0.5}}, new boolean[][] {{T}}, new double[] {0}))
                .hasMessageContaining("not positive");
        assertThatThrownBy(() -> Metrics.weightedLogLoss(
                        new double[][] {{0.5, 0.5}}, new boolean[][] {{T}}, new double[] {1, 1}))
                .hasMessageContaining("row 0");
    }

    @Test
    void averagePrecisionCountsADuplicateDetectionAsAFalsePositive() {
        // two truth boxes on two slices; detections ranked 0.9 (hit a), 0.8 (duplicate of a), 0.7 (miss),
        // 0.6 (hit b)
        List<LabelledBox> truths = List.of(
                LabelledBox.truth("a", SUBDURAL, new PixelBox(10, 10, 20, 20)),
                LabelledBox.truth("b", SUBDURAL, new PixelBox(50, 50, 10, 10)));
        List<LabelledBox> detections = List.of(
                new LabelledBox("b", SUBDURAL, 0.6, new PixelBox(51, 50, 10, 10)),
                new LabelledBox("a", SUBDURAL, 0.8, new PixelBox(11, 11, 20, 20)),
                new LabelledBox("a", SUBDURAL, 0.9, new PixelBox(10, 10, 20, 20)),
                new LabelledBox("a", SUBDURAL, 0.7, new PixelBox(100, 100, 5, 5)));
        // ranks: TP (P 1, R .5), FP (P .5), FP (P 1/3), TP (P .5, R 1); envelope: 1 up to R .5, .5 up to R 1
        assertThat(Metrics.averagePrecision(detections, truths, 0.5).getAsDouble())
                .isCloseTo(0.75, within(1e-12));
    }

    @Test
    void averagePrecisionMatchesOnlyTheSameSliceAtIouHalf() {
        List<LabelledBox> truths = List.of(LabelledBox.truth("a", SUBDURAL, new PixelBox(0, 0, 10, 10)));
        // same place, other slice: no match
        assertThat(Metrics.averagePrecision(
                        List.of(new LabelledBox("b", SUBDURAL, 0.9, new PixelBox(0, 0, 10, 10))), truths, 0.5))
                .hasValue(0.0);
        // IoU exactly 0.5 (10x10 truth, 10x20 detection containing it) matches
        assertThat(Metrics.averagePrecision(
                        List.of(new LabelledBox("a", SUBDURAL, 0.9, new PixelBox(0, 0, 10, 20))), truths, 0.5))
                .hasValue(1.0);
        // IoU 5x10 / 15x10 = 1/3 does not
        assertThat(Metrics.averagePrecision(
                        List.of(new LabelledBox("a", SUBDURAL, 0.9, new PixelBox(5, 0, 10, 10))), truths, 0.5))
                .hasValue(0.0);
    }

    @Test
    void averagePrecisionIsUndefinedWithoutTruthAndZeroWithoutDetections() {
        assertThat(Metrics.averagePrecision(
                        List.of(new LabelledBox("a", SUBDURAL, 0.9, new PixelBox(0, 0, 1, 1))), List.of(), 0.5))
                .isEmpty();
        assertThat(Metrics.averagePrecision(
                        List.of(), List.of(LabelledBox.truth("a", SUBDURAL, new PixelBox(0, 0, 1, 1))), 0.5))
                .hasValue(0.0);
    }
}
