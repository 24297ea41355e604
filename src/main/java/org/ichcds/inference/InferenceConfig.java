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
        return TensorFlowModelRunner.open(properties.modelDir(), properties.runnerOptions());
    }

    @Bean
    StudyAggregator studyAggregator(InferenceProperties properties) {
        return new StudyAggregator(properties.aggregation());
    }
}
