package org.ichcds.training.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

class ThresholdTransferTest {

    private static final int SDH = HemorrhageLabel.SUBDURAL.ordinal();

    /**
     * {@code studies} studies, half with a bleed, which {@code any} separates perfectly; a third of the bleeds are
     * subdural, scored around 0.6 against 0.2 for every other study (standard deviation 0.15: at sensitivity 0.90 the
     * specificity is about 0.92, so thresholds meeting both target and floor span a band); the other subtypes have no
     * positive study.
     */
    private static OperatingThresholds studies(int studies, ThresholdPlacement placement, long seed) {
        Random random = new Random(seed);
        int labels = HemorrhageLabel.values().length;
        double[][] scores = new double[labels][studies];
        boolean[][] truths = new boolean[labels][studies];
        for (int i = 0; i < studies; i++) {
            boolean bleed = i % 2 == 0;
            truths[0][i] = bleed;
            scores[0][i] = bleed ? 0.9 : 0.1;
            boolean subdural = i % 6 == 0;
            truths[SDH][i] = subdural;
            scores[SDH][i] = (float) Math.min(1, Math.max(0, (subdural ? 0.6 : 0.2) + 0.15 * random.nextGaussian()));
        }
        return new OperatingThresholds(scores, truths, new ThresholdRule(SubtypeStudies.ALL, placement));
    }

    @Test
    void theMarginPlacementKeepsBothOnTheHeldOutHalvesMoreOftenThanTheEdge() {
        ThresholdTransfer.Held edge = ThresholdTransfer.estimate(studies(600, ThresholdPlacement.EDGE, 1))
                .orElseThrow()
                .labels()
                .get(SDH);
        ThresholdTransfer.Held margin = ThresholdTransfer.estimate(studies(600, ThresholdPlacement.MARGIN, 1))
                .orElseThrow()
                .labels()
                .get(SDH);
        assertThat(edge.measured()).isEqualTo(ThresholdTransfer.SPLITS);
        assertThat(margin.measured()).isEqualTo(ThresholdTransfer.SPLITS);
        // at the edge the chosen half's sensitivity is at its target, so the other half's falls below it about as
        // often as not (54.5 % both met with this seed); the margin gives sensitivity room the floor can pay for
        assertThat(edge.bothMet()).isBetween(0.35, 0.70);
        assertThat(margin.bothMet()).isGreaterThan(0.90);
        assertThat(margin.sensitivity()).isGreaterThan(edge.sensitivity());
        assertThat(edge.sensitivity()).isBetween(0.87, 0.92);
        assertThat(margin.specificity()).isGreaterThan(0.80).isLessThan(edge.specificity());
    }

    @Test
    void theSameStudiesGiveTheSameEstimateAndLabelsWithoutPositivesAreNotMeasured() {
        ThresholdTransfer first = ThresholdTransfer.estimate(studies(200, ThresholdPlacement.MARGIN, 2))
                .orElseThrow();
        ThresholdTransfer again = ThresholdTransfer.estimate(studies(200, ThresholdPlacement.MARGIN, 2))
                .orElseThrow();
        assertThat(again).isEqualTo(first);
        assertThat(first.splits()).isEqualTo(ThresholdTransfer.SPLITS);
        assertThat(first.studies()).isEqualTo(200);
        // any separates perfectly: met on every held-out half
        assertThat(first.labels().get(0).bothMet()).isEqualTo(1.0);
        ThresholdTransfer.Held chronic = first.labels().get(HemorrhageLabel.CHRONIC.ordinal());
        assertThat(chronic.measured()).isZero();
        assertThat(first.report())
                .contains("chronic           not measured: no half held both")
                .anySatisfy(line -> assertThat(line).startsWith("any               both met in 100 % of 200,"))
                .first()
                .asString()
                .contains("200 random splits of these 200 studies");

        Map<String, Double> metrics = new HashMap<>();
        first.putMetrics(metrics);
        assertThat(metrics)
                .containsEntry("threshold.transfer.splits", 200.0)
                .containsEntry("threshold.any.transfer.met", 1.0)
                .containsKeys("threshold.subdural.transfer.sensitivity", "threshold.subdural.transfer.specificity")
                .doesNotContainKey("threshold.chronic.transfer.met");
    }

    @Test
    void tooFewStudiesGiveNoEstimate() {
        assertThat(ThresholdTransfer.estimate(studies(ThresholdTransfer.MIN_STUDIES - 1, ThresholdPlacement.MARGIN, 3)))
                .isEmpty();
        assertThat(ThresholdTransfer.estimate(studies(ThresholdTransfer.MIN_STUDIES, ThresholdPlacement.MARGIN, 3)))
                .isPresent();
    }
}
