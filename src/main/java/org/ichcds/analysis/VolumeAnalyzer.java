package org.ichcds.analysis;

import java.time.Instant;
import org.ichcds.dicom.CtVolume;
import org.ichcds.inference.ModelPreprocessing;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.SeriesPrediction;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.preprocessing.ModelInput;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.reporting.StudyFindings;

/**
 * The model's part of an analysis, from a HU volume to study findings: preprocess as the model's manifest asks,
 * predict, aggregate per study, map boxes back to the slices' own pixels. The server and {@code ichcds analyze} share
 * it.
 */
public final class VolumeAnalyzer {

    private final ModelRunner model;
    private final StudyAggregator aggregator;
    private final Preprocessor preprocessor;
    private final FindingsMapper findings;

    public VolumeAnalyzer(ModelRunner model, StudyAggregator aggregator) {
        this.model = model;
        this.aggregator = aggregator;
        this.preprocessor = new Preprocessor(ModelPreprocessing.of(model.manifest()));
        this.findings = new FindingsMapper(model.manifest());
    }

    /** The findings and the milliseconds spent preprocessing and predicting. */
    public record Analysis(StudyFindings findings, long preprocessMs, long inferMs) {}

    public Analysis analyze(String analysisId, StudyTarget target, CtVolume volume) {
        long start = System.nanoTime();
        ModelInput input = preprocessor.preprocess(volume);
        long preprocessed = System.nanoTime();
        SeriesPrediction predictions = model.predictSeries(input.data(), input.slices(), input.size(), input.size());
        StudyFindings study = findings.toStudyFindings(
                analysisId,
                target,
                volume,
                input.transforms(),
                aggregator.aggregate(
                        predictions,
                        model.manifest().calibration(),
                        model.manifest().boxStudyWeight()),
                Instant.now());
        long done = System.nanoTime();
        return new Analysis(study, (preprocessed - start) / 1_000_000, (done - preprocessed) / 1_000_000);
    }
}
