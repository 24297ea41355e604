package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;
import org.junit.jupiter.api.Test;

/** The exponent of the study probability in a box's score, chosen on the boxes of calibration studies. */
class BoxStudyExponentFitTest {

    private static final HemorrhageLabel SDH = HemorrhageLabel.SUBDURAL;
    private static final PixelBox WHERE = new PixelBox(10, 10, 20, 20);

    /**
     * Study A holds a subdural bleed on slice a1, study B none. The detector finds A's bleed at {@code onA} and a false
     * box on B's slice b1 at {@code onB}; the studies' subdural probabilities are 0.9 and 0.01.
     */
    private static EvaluationSamples samples(double onA, double onB) {
        EvaluationSamples samples = new EvaluationSamples();
        boolean[] bleed = new boolean[HemorrhageLabel.COUNT];
        bleed[HemorrhageLabel.ANY.ordinal()] = true;
        bleed[SDH.ordinal()] = true;
        samples.addStudy(new ScoredCase("A", new double[HemorrhageLabel.COUNT], bleed));
        samples.addStudy(new ScoredCase("B", new double[HemorrhageLabel.COUNT], new boolean[HemorrhageLabel.COUNT]));
        samples.addSliceOfStudy("a1", "A");
        samples.addSliceOfStudy("b1", "B");
        samples.addTruthBox(new LabelledBox("a1", SDH, 1, WHERE));
        samples.addDetection(new LabelledBox("a1", SDH, onA, WHERE));
        samples.addDetection(new LabelledBox("b1", SDH, onB, WHERE));
        return samples;
    }

    private static final List<float[]> PROBABILITIES = List.of(subdural(0.9f), subdural(0.01f));

    private static float[] subdural(float p) {
        float[] out = new float[HemorrhageLabel.COUNT];
        out[SDH.ordinal()] = p;
        return out;
    }

    @Test
    void aFalseBoxOfADoubtedStudyFallsBelowATrueOneOfASureStudy() {
        // the detector ranks B's false box first: AP 0.5; weighted by the study, A's box comes first: AP 1
        BoxStudyExponentFit.Result fit = BoxStudyExponentFit.fit(samples(0.5, 0.9), PROBABILITIES);
        assertThat(fit.meanAp()).containsOnlyKeys(0.0, 0.25, 0.5, 1.0);
        assertThat(fit.meanAp().get(0.0)).isCloseTo(0.5, within(1e-9));
        assertThat(fit.meanAp().get(0.25)).isCloseTo(1.0, within(1e-9));
        assertThat(fit.meanAp().get(1.0)).isCloseTo(1.0, within(1e-9));
        // of equal means, the smallest exponent
        assertThat(fit.exponent()).isEqualTo(0.25);
        assertThat(fit.metrics())
                .containsEntry(
                        "calibration.boxStudyExponent.map50.0", fit.meanAp().get(0.0))
                .containsEntry(
                        "calibration.boxStudyExponent.map50.0.25", fit.meanAp().get(0.25))
                .containsKey("calibration.boxStudyExponent.map50.1");
        assertThat(fit.report()).contains("box scores x study probability^0.25: mAP@0.5 1.000 (chosen)");

        // the weighted scores are the server's: 0.5 x 0.9^0.5 and 0.9 x 0.01^0.5
        List<LabelledBox> weighted = BoxStudyExponentFit.weighted(samples(0.5, 0.9), PROBABILITIES, 0.5)
                .get(SDH);
        assertThat(weighted)
                .extracting(LabelledBox::score)
                .containsExactly((double) (float) (0.5 * Math.sqrt(0.9f)), (double) (float) (0.9 * Math.sqrt(0.01f)));
        assertThat(weighted).extracting(LabelledBox::box).containsOnly(WHERE);
    }

    @Test
    void noExponentWhenTheDetectorAlreadyRanksTheBoxesRight() {
        BoxStudyExponentFit.Result fit = BoxStudyExponentFit.fit(samples(0.9, 0.5), PROBABILITIES);
        assertThat(fit.meanAp().values()).allSatisfy(ap -> assertThat(ap).isCloseTo(1.0, within(1e-9)));
        assertThat(fit.exponent()).isZero();
        assertThat(fit.report()).contains("box scores x study probability^0: mAP@0.5 1.000 (chosen)");
    }

    @Test
    void probabilitiesMustCoverEveryStudy() {
        assertThatThrownBy(() -> BoxStudyExponentFit.weighted(samples(0.5, 0.9), PROBABILITIES.subList(0, 1), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 study probabilities for 2 studies");
    }
}
