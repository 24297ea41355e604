package org.ichcds.inference;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model runner (only when {@code ichcds.inference.model-dir} is set) and the study aggregator. */
@Configuration(proxyBeanMethods = false)
class InferenceConfig {

    private static final Logger log = LoggerFactory.getLogger(InferenceConfig.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "ichcds.inference", name = "model-dir")
    ModelRunner modelRunner(InferenceProperties properties) throws IOException {
        NativeRuntime runtime = NativeRuntime.current();
        log.info("model runtime: {}", runtime.describe(properties.threads()).replace('\n', ';'));
        if (runtime.oneDnn()) {
            // ./ichcds sets TF_ENABLE_ONEDNN_OPTS=0: inference measured faster without oneDNN (README, "Model runtime")
            log.warn(
                    "TensorFlow runs with oneDNN ({}); ./ichcds turns it off for speed: set {}=0 before start",
                    runtime.oneDnnSource(),
                    NativeRuntime.ONEDNN_VARIABLE);
        }
        TensorFlowModelRunner runner = TensorFlowModelRunner.open(properties.modelDir(), properties.runnerOptions());
        log.info(
                "model {} {}: boxes shown from score {} ({})",
                runner.manifest().id(),
                runner.manifest().version(),
                runner.minBoxScore(),
                properties.minBoxScore() != null
                        ? "ichcds.inference.min-box-score"
                        : runner.manifest().minBoxScore() != null ? "the model's minBoxScore" : "the default");
        // TensorFlow optimises its graph on the first run: pay that at startup, not on the first study (the series
        // path runs the sequence head too, when the model has one)
        ModelManifest.InputSize size = runner.manifest().inputSize();
        int slices = properties.batchSize();
        runner.predictSeries(
                new float
                        [slices
                                * size.height()
                                * size.width()
                                * runner.manifest().inputChannels()],
                slices,
                size.height(),
                size.width());
        return runner;
    }

    @Bean
    StudyAggregator studyAggregator(InferenceProperties properties) {
        return new StudyAggregator(properties.aggregation());
    }
}
