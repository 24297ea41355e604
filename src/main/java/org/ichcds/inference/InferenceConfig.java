package org.ichcds.inference;

import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model runner (only when {@code ichcds.inference.model-dir} is set) and the study aggregator. */
@Configuration(proxyBeanMethods = false)
class InferenceConfig {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "ichcds.inference", name = "model-dir")
    ModelRunner modelRunner(InferenceProperties properties) throws IOException {
        TensorFlowModelRunner runner = TensorFlowModelRunner.open(properties.modelDir(), properties.runnerOptions());
        // TensorFlow optimises its graph on the first run: pay that at startup, not on the first study
        ModelManifest.InputSize size = runner.manifest().inputSize();
        int slices = properties.batchSize();
        runner.predict(new float[slices * size.height() * size.width() * 3], slices, size.height(), size.width());
        return runner;
    }

    @Bean
    StudyAggregator studyAggregator(InferenceProperties properties) {
        return new StudyAggregator(properties.aggregation());
    }
}
