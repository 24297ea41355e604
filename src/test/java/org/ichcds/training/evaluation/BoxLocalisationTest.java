package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ichcds.inference.HemorrhageLabel.SUBDURAL;

import java.util.List;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;
import org.junit.jupiter.api.Test;

class BoxLocalisationTest {

    @Test
    void eachTruthBoxIsJudgedByItsBestBoxOnItsOwnSliceWhateverTheScore() {
        List<LabelledBox> truths = List.of(
                LabelledBox.truth("a", SUBDURAL, new PixelBox(0, 0, 10, 10)), // best: exact, IoU 1
                LabelledBox.truth("b", SUBDURAL, new PixelBox(0, 0, 10, 10)), // best: half-shifted, IoU 1/3
                LabelledBox.truth("c", SUBDURAL, new PixelBox(0, 0, 10, 10))); // no box on its slice
        List<LabelledBox> detections = List.of(
                new LabelledBox("a", SUBDURAL, 0.01, new PixelBox(0, 0, 10, 10)),
                new LabelledBox("a", SUBDURAL, 0.99, new PixelBox(50, 50, 10, 10)),
                new LabelledBox("b", SUBDURAL, 0.5, new PixelBox(5, 0, 10, 10)),
                new LabelledBox("d", SUBDURAL, 0.9, new PixelBox(0, 0, 10, 10)));

        BoxLocalisation l = BoxLocalisation.of(detections, truths);

        assertThat(l.withBox().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(l.reachable().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(l.medianBestIou().getAsDouble()).isCloseTo((1 + 1.0 / 3) / 2, within(1e-12));
        assertThat(l.medianAreaRatio().getAsDouble()).isCloseTo(1.0, within(1e-12));
        // at IoU 0.3 the half-shifted box counts: ranked 0.99 FP, 0.9 FP, 0.5 TP (b), 0.01 TP (a)
        assertThat(l.ap30().getAsDouble()).isCloseTo(0.5 * (1.0 / 3) + (1.0 / 3) * 0.5, within(1e-12));
        assertThat(Metrics.averagePrecision(detections, truths, 0.5).getAsDouble())
                .isLessThan(l.ap30().getAsDouble());
    }

    @Test
    void areaRatioSaysWhetherBoxesAreTooLargeAndNothingIsDefinedWithoutTruth() {
        List<LabelledBox> truths = List.of(LabelledBox.truth("a", SUBDURAL, new PixelBox(0, 0, 10, 10)));
        BoxLocalisation large =
                BoxLocalisation.of(List.of(new LabelledBox("a", SUBDURAL, 0.9, new PixelBox(0, 0, 20, 20))), truths);
        assertThat(large.medianAreaRatio().getAsDouble()).isCloseTo(4.0, within(1e-12));
        assertThat(large.medianBestIou().getAsDouble()).isCloseTo(0.25, within(1e-12));
        assertThat(large.reachable().getAsDouble()).isZero();

        BoxLocalisation none = BoxLocalisation.of(List.of(), List.of());
        assertThat(none.withBox()).isEmpty();
        assertThat(none.ap30()).isEmpty();
        BoxLocalisation missed = BoxLocalisation.of(List.of(), truths);
        assertThat(missed.withBox().getAsDouble()).isZero();
        assertThat(missed.medianBestIou()).isEmpty();
    }
}
