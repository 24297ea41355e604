package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModelManifestTest {

    static ModelManifest sample(int size) {
        Map<String, Double> thresholds = new TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.4));
        return new ModelManifest(
                "ich-test",
                "1.2.3",
                "resnet-v2 small",
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(size, size),
                ModelManifest.standardWindows(),
                thresholds,
                Map.of("saved_model.pb", "a".repeat(64)),
                "phantoms, seed 1",
                Map.of("auc.any", 0.97));
    }

    @Test
    void roundTripsThroughJson() {
        ModelManifest manifest = sample(256);
        ModelManifest parsed = ModelManifest.parse(manifest.toJson());
        assertThat(parsed).isEqualTo(manifest);
        assertThat(parsed.threshold(HemorrhageLabel.SUBDURAL)).isEqualTo(0.4);
        assertThat(parsed.windows())
                .containsExactly(ModelManifest.Window.BRAIN, ModelManifest.Window.SUBDURAL, ModelManifest.Window.BONE);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        String json = sample(64).toJson().replaceFirst("\\{", "{\"futureField\": [1, 2],");
        assertThat(ModelManifest.parse(json).id()).isEqualTo("ich-test");
    }

    @Test
    void rejectsLabelsInAnotherOrder() {
        String json = sample(64).toJson().replace("\"any\", \"epidural\"", "\"epidural\", \"any\"");
        assertThatThrownBy(() -> ModelManifest.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contract order");
    }

    @Test
    void rejectsHostileOrBrokenDocuments() {
        String good = sample(64).toJson();
        assertThatThrownBy(() -> ModelManifest.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse("null")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse(good.substring(0, good.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid manifest");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"height\" : 64", "\"height\" : \"tall\"")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"height\" : 64", "\"height\" : 99999")))
                .hasMessageContaining("99999");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"id\" : \"ich-test\",", "")))
                .hasMessageContaining("id");
    }

    @Test
    void rejectsBadThresholdsAndDigests() {
        String good = sample(64).toJson();
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"chronic\" : 0.4", "\"chronic\" : 1.5")))
                .hasMessageContaining("'chronic' is 1.5");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("a".repeat(64), "xyz")))
                .hasMessageContaining("'xyz'");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("saved_model.pb", "../../etc/passwd")))
                .hasMessageContaining("../../etc/passwd");
    }
}
