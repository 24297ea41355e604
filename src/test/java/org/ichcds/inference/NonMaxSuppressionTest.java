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
