package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class InferencePropertiesTest {

    private static InferenceProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("ichcds.inference", InferenceProperties.class);
    }

    @Test
    void defaultsRunOnCpuInBatchesOf16() {
        InferenceProperties properties = bind(Map.of());
        assertThat(properties.modelDir()).isNull();
        assertThat(properties.runnerOptions()).isEqualTo(RunnerOptions.defaults());
        assertThat(properties.aggregation()).isEqualTo(StudyAggregator.Options.defaults());
        // unset, the minimum box score is each model's own
        assertThat(properties.minBoxScore()).isNull();
        ModelManifest own = ModelManifestTest.sample(64).withMinBoxScore(0.17);
        assertThat(properties.runnerOptions().minBoxScore(own)).isEqualTo(0.17f);
        assertThat(properties.runnerOptions().minBoxScore(ModelManifestTest.sample(64)))
                .isEqualTo(0.25f);
    }

    @Test
    void aMinBoxScoreSetOverridesTheModels() {
        InferenceProperties properties = bind(Map.of("ichcds.inference.min-box-score", "0.4"));
        assertThat(properties
                        .runnerOptions()
                        .minBoxScore(ModelManifestTest.sample(64).withMinBoxScore(0.17)))
                .isEqualTo(0.4f);
    }

    @Test
    void kebabCaseKeysBind() {
        InferenceProperties properties = bind(Map.of(
                "ichcds.inference.model-dir", "models/ich-small",
                "ichcds.inference.batch-size", "40",
                "ichcds.inference.device", "gpu",
                "ichcds.inference.top-k", "2"));
        assertThat(properties.modelDir()).isEqualTo(Path.of("models/ich-small"));
        assertThat(properties.runnerOptions().batchSize()).isEqualTo(40);
        assertThat(properties.runnerOptions().useGpu()).isTrue();
        assertThat(properties.aggregation().topK()).isEqualTo(2);
    }

    @Test
    void anUnknownDeviceIsRefusedByName() {
        assertThatThrownBy(() -> bind(Map.of("ichcds.inference.device", "tpu")))
                .hasRootCauseMessage("ichcds.inference.device is 'tpu'; use cpu or gpu");
    }
}
