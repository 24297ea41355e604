package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    private static Box box(HemorrhageLabel label, float score, float x, float y, float side) {
        return new Box(label, score, x, y, side, side);
    }

    @Test
    void iouOfHalfOverlappingSquaresIsOneThird() {
        Box a = box(HemorrhageLabel.SUBDURAL, 0.9f, 0, 0, 10);
        Box b = box(HemorrhageLabel.SUBDURAL, 0.8f, 5, 0, 10);
        assertThat(a.iou(b)).isCloseTo(50f / 150f, within(1e-6f));
        assertThat(a.iou(box(HemorrhageLabel.SUBDURAL, 0.8f, 20, 20, 5))).isZero();
    }

    @Test
    void keepsTheBestOfOverlappingBoxesOfOneSubtype() {
        Box best = box(HemorrhageLabel.SUBDURAL, 0.9f, 0, 0, 10);
        Box overlapping = box(HemorrhageLabel.SUBDURAL, 0.8f, 1, 1, 10);
        Box apart = box(HemorrhageLabel.SUBDURAL, 0.3f, 50, 50, 10);
        assertThat(new NonMaxSuppression(0.45f).apply(List.of(overlapping, apart, best)))
                .containsExactly(best, apart);
    }

    @Test
    void overlappingBoxesOfDifferentSubtypesAreBothKept() {
        Box subdural = box(HemorrhageLabel.SUBDURAL, 0.6f, 0, 0, 10);
        Box epidural = box(HemorrhageLabel.EPIDURAL, 0.7f, 0, 0, 10);
        assertThat(new NonMaxSuppression(0.45f).apply(List.of(subdural, epidural)))
                .containsExactly(epidural, subdural);
    }

    @Test
    void weightedMergingMovesTheKeptBoxToTheScoreWeightedMeanOfWhatItSuppresses() {
        Box best = box(HemorrhageLabel.SUBDURAL, 0.6f, 0, 0, 10);
        Box overlapping = box(HemorrhageLabel.SUBDURAL, 0.2f, 2, 0, 10);
        Box alsoOverlapping = box(HemorrhageLabel.SUBDURAL, 0.2f, 0, 1, 11);
        Box apart = box(HemorrhageLabel.SUBDURAL, 0.3f, 50, 50, 10);
        Box otherSubtype = box(HemorrhageLabel.EPIDURAL, 0.9f, 1, 1, 10);
        List<Box> all = List.of(overlapping, apart, best, otherSubtype, alsoOverlapping);
        // suppression keeps the same boxes either way
        assertThat(new NonMaxSuppression(0.45f).apply(all)).containsExactly(otherSubtype, best, apart);
        List<Box> merged = new NonMaxSuppression(0.45f, BoxMerge.WEIGHTED).apply(all);
        assertThat(merged).hasSize(3);
        assertThat(merged.get(0)).isEqualTo(otherSubtype);
        assertThat(merged.get(2)).isEqualTo(apart);
        Box moved = merged.get(1);
        assertThat(moved.label()).isEqualTo(HemorrhageLabel.SUBDURAL);
        assertThat(moved.score()).isEqualTo(0.6f);
        // edges: left (0.6·0 + 0.2·2 + 0.2·0) / 1 = 0.4, right (0.6·10 + 0.2·12 + 0.2·11) / 1 = 10.6,
        // top (0.2·1) / 1 = 0.2, bottom (0.6·10 + 0.2·10 + 0.2·12) / 1 = 10.4
        assertThat(moved.x()).isCloseTo(0.4f, within(1e-5f));
        assertThat(moved.y()).isCloseTo(0.2f, within(1e-5f));
        assertThat(moved.width()).isCloseTo(10.2f, within(1e-5f));
        assertThat(moved.height()).isCloseTo(10.2f, within(1e-5f));
    }

    @Test
    void aBoxIsMergedIntoTheFirstKeptBoxItOverlapsAsThatBoxWasDetected() {
        Box first = box(HemorrhageLabel.CHRONIC, 0.9f, 0, 0, 10);
        Box second = box(HemorrhageLabel.CHRONIC, 0.8f, 20, 0, 10);
        // overlaps both by IoU 0.2: it joins the better one only
        Box between = new Box(HemorrhageLabel.CHRONIC, 0.5f, 5, 0, 20, 10);
        assertThat(between.iou(first)).isCloseTo(0.2f, within(1e-6f));
        assertThat(between.iou(second)).isCloseTo(0.2f, within(1e-6f));
        List<Box> merged = new NonMaxSuppression(0.1f, BoxMerge.WEIGHTED).apply(List.of(second, between, first));
        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).x()).isCloseTo(0.5f * 5 / 1.4f, within(1e-5f));
        assertThat(merged.get(0).width()).isCloseTo((0.9f * 10 + 0.5f * 25) / 1.4f - 0.5f * 5 / 1.4f, within(1e-4f));
        assertThat(merged.get(1)).isEqualTo(second);
    }

    @Test
    void theManifestsWordsAreTheOnlyOnes() {
        assertThat(BoxMerge.of("weighted")).isEqualTo(BoxMerge.WEIGHTED);
        assertThatThrownBy(() -> BoxMerge.of("average"))
                .hasMessage("boxMerge 'average' is not one of suppress, weighted");
    }

    @Test
    void rejectsAThresholdOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new NonMaxSuppression(0f)).hasMessageContaining("0.0");
        assertThatThrownBy(() -> new NonMaxSuppression(Float.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void boxesRejectNonsense() {
        assertThatThrownBy(() -> box(HemorrhageLabel.ANY, 0.5f, 0, 0, 1)).hasMessageContaining("'any'");
        assertThatThrownBy(() -> box(HemorrhageLabel.SUBDURAL, 1.5f, 0, 0, 1)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Box(HemorrhageLabel.SUBDURAL, 0.5f, 0, 0, -1, 1))
                .hasMessageContaining("-1.0");
    }
}
