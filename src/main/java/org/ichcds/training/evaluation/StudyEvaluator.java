package org.ichcds.training.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.DicomReader;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.Box;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelPreprocessing;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.SeriesPrediction;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.StudyPrediction;
import org.ichcds.preprocessing.ModelInput;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.preprocessing.SliceTransform;
import org.ichcds.training.dataset.DatasetSlice;
import org.ichcds.training.dataset.DatasetStudy;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Runs one study of a data set through the serving path (load the folder → choose the series → preprocess → predict
 * → aggregate) and adds its slice and study scores, its predicted boxes (mapped back to original pixels) and its
 * truth boxes to an {@link EvaluationSamples}. Slices are matched to their labels by SOPInstanceUID; slices of the
 * volume without labels count for the study probability only.
 */
public final class StudyEvaluator {

    private final ModelRunner runner;
    private final Preprocessor preprocessor;
    private final StudyAggregator aggregator;
    private final StudyLoader loader = new StudyLoader();
    private final DicomReader reader = new DicomReader();

    StudyEvaluator(ModelRunner runner, StudyAggregator aggregator) {
        this.runner = runner;
        this.preprocessor = new Preprocessor(ModelPreprocessing.of(runner.manifest()));
        this.aggregator = aggregator;
    }

    /**
     * What became of one study.
     *
     * @param uid StudyInstanceUID
     * @param volumeSlices slices of the series the loader chose
     * @param labelledSlices labelled slices of the study
     * @param unmatchedSlices labelled slices not in the chosen series (left out of the slice metrics)
     */
    public record Outcome(String uid, int volumeSlices, int labelledSlices, int unmatchedSlices) {}

    /**
     * Evaluates one study.
     *
     * @throws DicomFormatException when the study's files hold no usable series
     */
    Outcome evaluate(DatasetStudy study, EvaluationSamples samples) throws IOException, DicomFormatException {
        CtVolume volume = load(study);
        ModelInput input = preprocessor.preprocess(volume);
        SeriesPrediction series = runner.predictSeries(input.data(), input.slices(), input.size(), input.size());
        List<SlicePrediction> predictions = series.slices();
        double boxStudyExponent = runner.manifest().boxStudyWeight();
        StudyPrediction prediction =
                aggregator.aggregate(series, runner.manifest().calibration(), boxStudyExponent);
        double[] studyProbabilities = new double[HemorrhageLabel.COUNT];
        double[] uncalibrated = new double[HemorrhageLabel.COUNT];
        float[] boxWeights = new float[HemorrhageLabel.COUNT];
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            studyProbabilities[label.ordinal()] = prediction.label(label).probability();
            uncalibrated[label.ordinal()] = prediction.label(label).uncalibratedProbability();
            boxWeights[label.ordinal()] = prediction.label(label).probability();
        }
        samples.addStudy(
                new ScoredCase(study.uid(), studyProbabilities, study.truth()),
                new ScoredCase(study.uid(), uncalibrated, study.truth()),
                attributes(study, volume));
        series.sources()
                .ifPresent(sources -> samples.addStudySources(
                        new ScoredCase(study.uid(), widen(sources.head()), study.truth()),
                        new ScoredCase(study.uid(), widen(sources.sliceNetwork()), study.truth())));

        Map<String, DatasetSlice> bySop = new HashMap<>();
        for (DatasetSlice slice : study.slices()) {
            bySop.put(slice.sopInstanceUid(), slice);
            samples.addSliceOfStudy(slice.sopInstanceUid(), study.uid());
            slice.boxes().forEach(samples::addTruthBox);
        }
        int matched = 0;
        for (int s = 0; s < volume.sliceCount(); s++) {
            DatasetSlice slice = bySop.get(volume.slices().get(s).sopInstanceUid());
            if (slice != null) {
                matched++;
                List<Box> boxes = StudyAggregator.rescored(predictions.get(s).boxes(), boxWeights, boxStudyExponent);
                addSlice(
                        samples,
                        slice,
                        predictions.get(s),
                        boxes,
                        input.transforms().get(s));
            }
        }
        return new Outcome(
                study.uid(),
                volume.sliceCount(),
                study.slices().size(),
                study.slices().size() - matched);
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Matrix and thickness of the chosen series, the kernel of its first labelled file, the largest truth box. */
    private StudyAttributes attributes(DatasetStudy study, CtVolume volume) {
        String kernel = null;
        try {
            kernel = reader.read(study.slices().get(0).file()).series().convolutionKernel();
        } catch (DicomFormatException | RuntimeException e) {
            // the volume was read, so this cannot normally fail; without a kernel the study is in no kernel subgroup
        }
        double largest = 0;
        for (DatasetSlice slice : study.slices()) {
            for (LabelledBox box : slice.boxes()) {
                largest = Math.max(
                        largest,
                        Math.max(
                                box.box().width() * volume.columnSpacingMm(),
                                box.box().height() * volume.rowSpacingMm()));
            }
        }
        boolean positive = study.truth()[HemorrhageLabel.ANY.ordinal()];
        double lesion = positive && largest == 0 ? Double.NaN : largest;
        return new StudyAttributes(
                volume.rows(), volume.columns(), volume.sliceThicknessMm(), kernel, lesion, study.attributes());
    }

    private static void addSlice(
            EvaluationSamples samples,
            DatasetSlice slice,
            SlicePrediction prediction,
            List<Box> boxes,
            SliceTransform transform) {
        double[] p = new double[HemorrhageLabel.COUNT];
        boolean[] truth = new boolean[HemorrhageLabel.COUNT];
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            p[label.ordinal()] = prediction.probability(label);
            truth[label.ordinal()] = slice.has(label);
        }
        samples.addSlice(new ScoredCase(slice.imageId(), p, truth));
        for (Box box : boxes) {
            PixelBox original = transform.toOriginal(new PixelBox(box.x(), box.y(), box.width(), box.height()));
            samples.addDetection(new LabelledBox(slice.sopInstanceUid(), box.label(), box.score(), original));
        }
    }

    /**
     * Loads the study's own folder; when its files lie among other studies' (the flat RSNA layout), loads a temporary
     * folder of links to them so the loader sees this study only.
     */
    private CtVolume load(DatasetStudy study) throws IOException, DicomFormatException {
        if (study.folder() != null) {
            return loader.fromPath(study.folder()).volume();
        }
        Path links = Files.createTempDirectory("ichcds-eval-");
        try {
            for (DatasetSlice slice : study.slices()) {
                Path target = slice.file().toAbsolutePath();
                Path link = links.resolve(target.getFileName());
                try {
                    Files.createSymbolicLink(link, target);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(target, link);
                }
            }
            return loader.fromPath(links).volume();
        } finally {
            try (Stream<Path> files = Files.walk(links)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
