package org.ichcds.analysis;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The analysis pipeline, measured for the management port's metrics: a timer per stage
 * ({@code ichcds.analysis.stage}, tag {@code stage} = load, preprocess, infer, report; load is the DICOMweb fetch and
 * the parse together, which overlap), a timer of the whole run, and a count of analyses by outcome
 * ({@code ichcds.analyses}, tag {@code outcome} = done or the failure reason a card names).
 */
final class MeteredPipeline implements AnalysisPipeline {

    private final AnalysisPipeline pipeline;
    private final MeterRegistry meters;
    private final Map<String, Timer> stages;
    private final Timer total;

    MeteredPipeline(AnalysisPipeline pipeline, MeterRegistry meters) {
        this.pipeline = pipeline;
        this.meters = meters;
        this.stages = Stream.of("load", "preprocess", "infer", "report")
                .collect(Collectors.toMap(Function.identity(), stage -> stageTimer(meters, stage)));
        this.total = Timer.builder("ichcds.analysis.duration")
                .description("one analysis, from the first DICOMweb request to the stored results")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** The timer of one stage, {@code ichcds.analysis.stage} tagged {@code stage}. */
    static Timer stageTimer(MeterRegistry meters, String stage) {
        return Timer.builder("ichcds.analysis.stage")
                .description("time spent in one stage of an analysis")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public String modelVersion() {
        return pipeline.modelVersion();
    }

    @Override
    public PipelineResult run(String analysisId, StudyTarget target, Attempt attempt) throws Exception {
        long start = System.nanoTime();
        try {
            PipelineResult result = pipeline.run(analysisId, target, attempt);
            Timings timings = result.timings();
            stages.get("load").record(Duration.ofMillis(timings.loadMs()));
            stages.get("preprocess").record(Duration.ofMillis(timings.preprocessMs()));
            stages.get("infer").record(Duration.ofMillis(timings.inferMs()));
            stages.get("report").record(Duration.ofMillis(timings.reportMs()));
            count("done");
            return result;
        } catch (Exception | Error e) {
            count(AnalysisFailures.classify(e).name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        } finally {
            total.record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void count(String outcome) {
        meters.counter("ichcds.analyses", "outcome", outcome).increment();
    }
}
