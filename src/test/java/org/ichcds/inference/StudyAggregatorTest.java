package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyAggregatorTest {

    private static SlicePrediction slice(float any, float subdural, Box... boxes) {
        float[] p = new float[HemorrhageLabel.COUNT];
        p[HemorrhageLabel.ANY.ordinal()] = any;
        p[HemorrhageLabel.SUBDURAL.ordinal()] = subdural;
        return new SlicePrediction(p, List.of(boxes));
    }

    private static Box subdural(float score, float x) {
        return new Box(HemorrhageLabel.SUBDURAL, score, x, 10, 20, 20);
    }

    private final List<SlicePrediction> study = List.of(
            slice(0.1f, 0.05f),
            slice(0.9f, 0.8f, subdural(0.7f, 10), subdural(0.6f, 12)),
            slice(0.7f, 0.6f, subdural(0.5f, 100)),
            slice(0.2f, 0.1f, new Box(HemorrhageLabel.EPIDURAL, 0.4f, 0, 0, 5, 5)));

    @Test
    void theStudyProbabilityIsTheMaximumByDefault() {
        StudyPrediction prediction =
                new StudyAggregator(StudyAggregator.Options.defaults()).aggregate(study, Calibration.identity());
        assertThat(prediction.sliceCount()).isEqualTo(4);
        assertThat(prediction.label(HemorrhageLabel.ANY).probability()).isEqualTo(0.9f);
        assertThat(prediction.label(HemorrhageLabel.EPIDURAL).probability()).isZero();
    }

    @Test
    void topKAveragesTheHighestSlices() {
        StudyPrediction prediction = new StudyAggregator(new StudyAggregator.Options(2, 3, 10, 0.45f))
                .aggregate(study, Calibration.identity());
        assertThat(prediction.label(HemorrhageLabel.ANY).probability()).isCloseTo(0.8f, within(1e-6f));
        assertThat(prediction.label(HemorrhageLabel.SUBDURAL).probability()).isCloseTo(0.7f, within(1e-6f));
    }

    @Test
    void keySlicesAreTheMostProbableFirst() {
        StudyPrediction prediction = new StudyAggregator(new StudyAggregator.Options(1, 2, 10, 0.45f))
                .aggregate(study, Calibration.identity());
        assertThat(prediction.label(HemorrhageLabel.SUBDURAL).keySlices()).containsExactly(1, 2);
        // all zero: ties resolve to the lowest slice index
        assertThat(prediction.label(HemorrhageLabel.CHRONIC).keySlices()).containsExactly(0, 1);
    }

    @Test
    void boxesAreSuppressedPerSliceSortedAndCapped() {
        StudyPrediction prediction =
                new StudyAggregator(StudyAggregator.Options.defaults()).aggregate(study, Calibration.identity());
        assertThat(prediction.label(HemorrhageLabel.SUBDURAL).boxes())
                .containsExactly(new SliceBox(1, subdural(0.7f, 10)), new SliceBox(2, subdural(0.5f, 100)));
        assertThat(prediction.label(HemorrhageLabel.ANY).boxes()).hasSize(3);
        assertThat(prediction.label(HemorrhageLabel.EPIDURAL).boxes())
                .extracting(SliceBox::slice)
                .containsExactly(3);

        StudyPrediction capped = new StudyAggregator(new StudyAggregator.Options(1, 3, 1, 0.45f))
                .aggregate(study, Calibration.identity());
        assertThat(capped.label(HemorrhageLabel.ANY).boxes())
                .extracting(b -> b.box().score())
                .containsExactly(0.7f);
    }

    @Test
    void theCalibrationScalesTheStudyProbabilityAndKeepsTheUncalibratedOne() {
        Calibration calibration = Calibration.temperatures(Map.of(HemorrhageLabel.ANY, 2.0));
        StudyPrediction prediction =
                new StudyAggregator(StudyAggregator.Options.defaults()).aggregate(study, calibration);
        // max over slices 0.9; logit 0.9 = ln 9, halved: sigmoid(ln 3) = 0.75
        assertThat(prediction.label(HemorrhageLabel.ANY).probability()).isCloseTo(0.75f, within(1e-6f));
        assertThat(prediction.label(HemorrhageLabel.ANY).uncalibratedProbability())
                .isEqualTo(0.9f);
        assertThat(prediction.label(HemorrhageLabel.SUBDURAL).probability()).isEqualTo(0.8f);
        assertThat(prediction.label(HemorrhageLabel.ANY).keySlices()).containsExactly(1, 2, 3);
    }

    @Test
    void aModelsOwnStudyOutputReplacesTheAggregateAndIsCalibrated() {
        float[] own = {0.9f, 0.01f, 0.02f, 0.03f, 0.04f, 0.3f, 0.06f};
        SeriesPrediction series = new SeriesPrediction(study, java.util.Optional.of(own));
        Calibration calibration = Calibration.temperatures(Map.of(HemorrhageLabel.ANY, 2.0));
        // top-k 2 would average the slices to 0.8 for 'any'; the study output is used instead
        StudyPrediction prediction =
                new StudyAggregator(new StudyAggregator.Options(2, 3, 10, 0.45f)).aggregate(series, calibration);
        assertThat(prediction.label(HemorrhageLabel.ANY).uncalibratedProbability())
                .isEqualTo(0.9f);
        assertThat(prediction.label(HemorrhageLabel.ANY).probability()).isCloseTo(0.75f, within(1e-6f));
        assertThat(prediction.label(HemorrhageLabel.SUBDURAL).probability()).isEqualTo(0.3f);
        assertThat(prediction.label(HemorrhageLabel.EPIDURAL).probability()).isEqualTo(0.01f);
        // key slices and boxes still come from the slices
        assertThat(prediction.label(HemorrhageLabel.ANY).keySlices()).containsExactly(1, 2, 3);
        assertThat(prediction.label(HemorrhageLabel.SUBDURAL).boxes()).hasSize(2);
        // the series keeps its own copy and hands out copies
        own[0] = 0.1f;
        series.studyProbabilities().orElseThrow()[1] = 0.5f;
        assertThat(series.studyProbabilities().orElseThrow()).startsWith(0.9f, 0.01f);
    }

    @Test
    void aBoxStudyExponentScoresEachBoxByItsSubtypesCalibratedStudyProbability() {
        // the head is sure of epidural (0.81) and doubts subdural (0.04); the detector scored subdural higher
        float[] own = {0.9f, 0.81f, 0.02f, 0.03f, 0.04f, 0.04f, 0.06f};
        SeriesPrediction series = new SeriesPrediction(study, java.util.Optional.of(own));
        StudyAggregator aggregator = new StudyAggregator(StudyAggregator.Options.defaults());
        StudyPrediction plain = aggregator.aggregate(series, Calibration.identity());
        assertThat(plain.label(HemorrhageLabel.ANY).boxes())
                .extracting(b -> b.box().label())
                .containsExactly(HemorrhageLabel.SUBDURAL, HemorrhageLabel.SUBDURAL, HemorrhageLabel.EPIDURAL);
        assertThat(aggregator.aggregate(series, Calibration.identity(), 0)).isEqualTo(plain);

        StudyPrediction weighted = aggregator.aggregate(series, Calibration.identity(), 0.5);
        // epidural 0.4 x sqrt(0.81) = 0.36 now leads subdural 0.7 x sqrt(0.04) = 0.14 and 0.5 x 0.2 = 0.10
        assertThat(weighted.label(HemorrhageLabel.ANY).boxes())
                .extracting(b -> b.box().label())
                .containsExactly(HemorrhageLabel.EPIDURAL, HemorrhageLabel.SUBDURAL, HemorrhageLabel.SUBDURAL);
        assertThat(weighted.label(HemorrhageLabel.EPIDURAL).boxes().get(0).box().score())
                .isCloseTo(0.36f, within(1e-6f));
        assertThat(weighted.label(HemorrhageLabel.SUBDURAL).boxes())
                .extracting(b -> b.box().score())
                .containsExactly(0.14f, 0.1f);
        // where the boxes are and the probabilities themselves do not change
        assertThat(weighted.label(HemorrhageLabel.SUBDURAL).boxes().get(0).box().x())
                .isEqualTo(10f);
        assertThat(weighted.label(HemorrhageLabel.EPIDURAL).probability()).isEqualTo(0.81f);

        // the calibrated probability is the one that weighs: temperature 2 on epidural
        Calibration calibration = Calibration.temperatures(Map.of(HemorrhageLabel.EPIDURAL, 2.0));
        StudyPrediction calibrated = aggregator.aggregate(series, calibration, 1.0);
        float epidural = calibrated.label(HemorrhageLabel.EPIDURAL).probability();
        assertThat(epidural).isCloseTo(0.6736f, within(1e-3f));
        assertThat(calibrated
                        .label(HemorrhageLabel.EPIDURAL)
                        .boxes()
                        .get(0)
                        .box()
                        .score())
                .isCloseTo(0.4f * epidural, within(1e-6f));

        for (double bad : new double[] {-0.5, 2.5, Double.NaN}) {
            assertThatThrownBy(() -> aggregator.aggregate(series, Calibration.identity(), bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("box study exponent");
        }
    }

    @Test
    void aStudyOutputOfTheWrongSizeOrRangeIsRefused() {
        assertThatThrownBy(() -> new SeriesPrediction(study, java.util.Optional.of(new float[6])))
                .hasMessageContaining("needs 7 probabilities, got 6");
        float[] nan = new float[7];
        nan[3] = Float.NaN;
        assertThatThrownBy(() -> new SeriesPrediction(study, java.util.Optional.of(nan)))
                .hasMessageContaining("outside [0, 1]");
    }

    @Test
    void anEmptyStudyIsRefused() {
        assertThatThrownBy(() -> new StudyAggregator(StudyAggregator.Options.defaults())
                        .aggregate(List.of(), Calibration.identity()))
                .hasMessageContaining("at least one slice");
    }

    @Test
    void slicePredictionsRejectWrongSizesAndRanges() {
        assertThatThrownBy(() -> new SlicePrediction(new float[6], List.of())).hasMessageContaining("got 6");
        float[] p = new float[7];
        p[3] = Float.NaN;
        assertThatThrownBy(() -> new SlicePrediction(p, List.of())).hasMessageContaining("NaN");
    }
}
