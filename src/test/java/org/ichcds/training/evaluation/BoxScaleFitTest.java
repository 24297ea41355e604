package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ichcds.inference.BoxScale;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;
import org.junit.jupiter.api.Test;

/**
 * A detector whose boxes are too wide for a subtype gets a width correction that restores its AP; boxes that are
 * right, or too few truth boxes to tell, keep the boxes as they are.
 */
class BoxScaleFitTest {

    private static final HemorrhageLabel SDH = HemorrhageLabel.SUBDURAL;

    /** Thin crescents 16 × 80 px on {@code n} slices, and one detection per slice centred on each, {@code w} times wider. */
    private static List<List<LabelledBox>> slices(int n, double widthFactor) {
        List<LabelledBox> truths = new ArrayList<>();
        List<LabelledBox> detections = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sop = "1.2.3." + i;
            PixelBox truth = new PixelBox(100 + i, 200, 16, 80);
            truths.add(LabelledBox.truth(sop, SDH, truth));
            double w = 16 * widthFactor;
            detections.add(new LabelledBox(sop, SDH, 0.9 - i * 0.001, new PixelBox(108 + i - w / 2, 200, w, 80)));
            // a false positive elsewhere, scored below every true one
            detections.add(new LabelledBox(sop, SDH, 0.1, new PixelBox(300, 300, 20, 20)));
        }
        return List.of(truths, detections);
    }

    @Test
    void boxesTooWideGetANarrowerWidthAndTheirAp() {
        List<List<LabelledBox>> s = slices(60, 2.5);
        BoxScaleFit.Result fit = BoxScaleFit.fit(SDH, s.get(1), s.get(0), sop -> sop);
        assertThat(fit.truthBoxes()).isEqualTo(60);
        // 2.5 times too wide: IoU 0.4, no detection matches
        assertThat(fit.before().getAsDouble()).isCloseTo(0, within(1e-9));
        assertThat(fit.after().getAsDouble()).isCloseTo(1, within(1e-9));
        // the least change that matches: width at most 2 × the truth's, height left alone
        assertThat(fit.scale().width()).isBetween(0.5, 0.8);
        assertThat(fit.scale().height()).isEqualTo(1.0);
        assertThat(fit.crossValidated().getAsDouble()).isCloseTo(1, within(1e-9));
    }

    @Test
    void aCorrectionOnlyOneStudyWantsFailsTheCrossValidation() {
        // slices 0-29 make one study whose boxes are 2.5 times too wide; 40 more studies of one slice are exact
        List<List<LabelledBox>> wide = slices(30, 2.5);
        List<List<LabelledBox>> exact = slices(70, 1.0);
        List<LabelledBox> truths = new ArrayList<>(wide.get(0));
        List<LabelledBox> detections = new ArrayList<>(wide.get(1));
        truths.addAll(exact.get(0).subList(30, 70));
        detections.addAll(exact.get(1).subList(60, 140));
        Function<String, String> studyOf =
                sop -> Integer.parseInt(sop.substring(sop.lastIndexOf('.') + 1)) < 30 ? "study-wide" : sop;

        BoxScaleFit.Result fit = BoxScaleFit.fit(SDH, detections, truths, studyOf);

        // narrowing fits every box of these studies (the exact ones still reach IoU 0.5), but a fold without the
        // wide study finds nothing to correct, so the held-out wide boxes are never corrected
        assertThat(BoxScaleFit.fit(SDH, detections, truths, sop -> sop).scale()).isNotEqualTo(BoxScale.IDENTITY);
        assertThat(fit.scale()).isEqualTo(BoxScale.IDENTITY);
        assertThat(fit.crossValidated().getAsDouble() - fit.before().getAsDouble())
                .isLessThan(BoxScaleFit.MIN_GAIN);
    }

    @Test
    void rightBoxesAndTooFewTruthBoxesAreLeftAlone() {
        List<List<LabelledBox>> right = slices(60, 1.0);
        BoxScaleFit.Result exact = BoxScaleFit.fit(SDH, right.get(1), right.get(0), sop -> sop);
        assertThat(exact.scale()).isEqualTo(BoxScale.IDENTITY);
        assertThat(exact.after()).isEqualTo(exact.before());

        List<List<LabelledBox>> few = slices(BoxScaleFit.MIN_TRUTH_BOXES - 1, 2.5);
        BoxScaleFit.Result tooFew = BoxScaleFit.fit(SDH, few.get(1), few.get(0), sop -> sop);
        assertThat(tooFew.scale()).isEqualTo(BoxScale.IDENTITY);
        assertThat(tooFew.before().getAsDouble()).isCloseTo(0, within(1e-9));
    }

    @Test
    void scalingKeepsTheCentre() {
        PixelBox scaled = BoxScaleFit.scaled(new PixelBox(10, 20, 40, 10), 0.5, 2);
        assertThat(new double[] {scaled.x(), scaled.y(), scaled.width(), scaled.height()})
                .containsExactly(new double[] {20, 15, 20, 20}, within(1e-9));
    }
}
