package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.Box;
import org.ichcds.inference.FakeModelRunner;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelPreprocessing;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.preprocessing.SliceTransform;
import org.ichcds.training.dataset.DatasetIndex;
import org.ichcds.training.dataset.DatasetStudy;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One phantom study through the serving path with a fake model that finds one box per slice. */
class StudyEvaluatorTest {

    static final int SIZE = 64;
    static final Box MODEL_BOX = new Box(HemorrhageLabel.SUBDURAL, 0.9f, 8, 8, 16, 16);

    @TempDir
    static Path dir;

    static DatasetStudy study;

    @BeforeAll
    static void oneHemorrhagicStudy() throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(3, 256, 1.0), 1).write(dir, 1, slices -> {});
        study = DatasetIndex.read(dir).studies().get(0);
    }

    static FakeModelRunner runner() {
        return new FakeModelRunner(SIZE, i -> FakeModelRunner.prediction(0.2f + 0.01f * i, List.of(MODEL_BOX)));
    }

    @Test
    void slicesStudyAndBoxesAreCollectedWithBoxesInOriginalPixels() throws Exception {
        EvaluationSamples samples = new EvaluationSamples();
        StudyEvaluator.Outcome outcome = new StudyEvaluator(
                        runner(), new StudyAggregator(StudyAggregator.Options.defaults()))
                .evaluate(study, samples);

        assertThat(outcome.unmatchedSlices()).isZero();
        assertThat(samples.slices()).hasSize(study.slices().size());
        assertThat(samples.studies()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(study.uid());
            assertThat(s.truths()).containsExactly(study.truth());
            // the maximum over slices: the last slice's 0.2 + 0.01 (n - 1)
            assertThat(s.probability(HemorrhageLabel.ANY))
                    .isCloseTo(0.2 + 0.01 * (outcome.volumeSlices() - 1), org.assertj.core.api.Assertions.within(1e-5));
        });
        assertThat(study.truth()[HemorrhageLabel.ANY.ordinal()]).isTrue();
        long truthSlices =
                study.slices().stream().filter(s -> s.has(HemorrhageLabel.ANY)).count();
        assertThat(samples.slices().stream().filter(s -> s.truth(HemorrhageLabel.ANY)))
                .hasSize((int) truthSlices);

        int truthBoxes = study.slices().stream().mapToInt(s -> s.boxes().size()).sum();
        int sampledTruthBoxes = HemorrhageLabel.subtypes().stream()
                .mapToInt(l -> samples.truthBoxes(l).size())
                .sum();
        assertThat(sampledTruthBoxes).isEqualTo(truthBoxes).isPositive();

        SliceTransform transform = new Preprocessor(ModelPreprocessing.of(runner().manifest()))
                .preprocess(new StudyLoader().fromPath(study.folder()).volume())
                .transforms()
                .get(0);
        PixelBox expected = transform.toOriginal(new PixelBox(8, 8, 16, 16));
        assertThat(expected.width()).isGreaterThan(2 * 16); // 256-pixel slices seen through a 64-pixel input
        assertThat(samples.detections(HemorrhageLabel.SUBDURAL))
                .hasSize(study.slices().size())
                .allSatisfy(d -> assertThat(d.box()).isEqualTo(expected));
        assertThat(samples.detections(HemorrhageLabel.EPIDURAL)).isEmpty();
    }

    @Test
    void aBoxStudyExponentWeighsEachDetectionByItsSubtypesStudyProbabilityAsTheServerDoes() throws Exception {
        FakeModelRunner weighted = new FakeModelRunner(
                FakeModelRunner.manifest(SIZE).withBoxStudyExponent(1.0),
                i -> FakeModelRunner.prediction(0.2f + 0.01f * i, List.of(MODEL_BOX)));
        EvaluationSamples samples = new EvaluationSamples();
        new StudyEvaluator(weighted, new StudyAggregator(StudyAggregator.Options.defaults())).evaluate(study, samples);
        double subdural = samples.studies().get(0).probability(HemorrhageLabel.SUBDURAL);
        assertThat(subdural).isGreaterThan(0.2).isLessThan(0.9);
        assertThat(samples.detections(HemorrhageLabel.SUBDURAL))
                .hasSize(study.slices().size())
                .allSatisfy(d ->
                        assertThat(d.score()).isCloseTo(0.9 * subdural, org.assertj.core.api.Assertions.within(1e-5)));
        // the same boxes, at the same places, as without the weight
        EvaluationSamples plain = new EvaluationSamples();
        new StudyEvaluator(runner(), new StudyAggregator(StudyAggregator.Options.defaults())).evaluate(study, plain);
        assertThat(samples.detections(HemorrhageLabel.SUBDURAL))
                .extracting(d -> d.box())
                .isEqualTo(plain.detections(HemorrhageLabel.SUBDURAL).stream()
                        .map(d -> d.box())
                        .toList());
        assertThat(plain.detections(HemorrhageLabel.SUBDURAL))
                .allSatisfy(d -> assertThat(d.score()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-6)));
    }

    @Test
    void aStudyWhoseFilesLieAmongOthersIsLoadedFromItsOwnFiles() throws Exception {
        DatasetStudy flat = new DatasetStudy(study.uid(), study.split(), null, study.slices());
        EvaluationSamples fromFolder = new EvaluationSamples();
        EvaluationSamples fromFiles = new EvaluationSamples();
        StudyAggregator aggregator = new StudyAggregator(StudyAggregator.Options.defaults());
        new StudyEvaluator(runner(), aggregator).evaluate(study, fromFolder);
        new StudyEvaluator(runner(), aggregator).evaluate(flat, fromFiles);
        assertThat(fromFiles.slices()).hasSameSizeAs(fromFolder.slices());
        assertThat(fromFiles.detections(HemorrhageLabel.SUBDURAL))
                .isEqualTo(fromFolder.detections(HemorrhageLabel.SUBDURAL));
        assertThat(fromFiles.studies().get(0).probabilities())
                .containsExactly(fromFolder.studies().get(0).probabilities());
    }
}
