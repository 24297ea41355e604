package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

class SettingsTest {

    @Test
    void readsTheShippedDefaults(@TempDir Path dir) {
        Settings settings = Settings.load(dir.resolve("absent.yaml"), Map.of());
        assertThat(settings.pacs().host()).isEqualTo("127.0.0.1");
        assertThat(settings.pacs().port()).isEqualTo(18042);
        assertThat(settings.pacs().storage()).isEqualTo(Path.of("data/orthanc"));
        assertThat(settings.pacs().username()).isEqualTo("ichcds");
        assertThat(settings.dicomWeb().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.dicomWeb().readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.dicomWeb().maxRetries()).isEqualTo(3);
        assertThat(settings.dicomWeb().retryBackoff()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theCommandsDefaultModelIsTheServers() throws Exception {
        Object serverDefault = new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yaml"))
                .get(0)
                .getProperty("ichcds.inference.model-dir");
        assertThat(serverDefault).hasToString(Main.DEFAULT_MODEL);
        assertThat(Path.of(Main.DEFAULT_MODEL, "manifest.json")).isRegularFile();
    }

    @Test
    void configFileOverridesDefaultsAndEnvironmentOverridesBoth(@TempDir Path dir) throws Exception {
        Path overrides = dir.resolve("application.yaml");
        Files.writeString(
                overrides,
                "ichcds:\n  pacs:\n    port: 28042\n    password: from-file\n" + "  dicomweb:\n    max-retries: 1\n");
        Settings settings = Settings.load(overrides, Map.of("ICHCDS_PACS_PASSWORD", "from-env"));
        assertThat(settings.pacs().port()).isEqualTo(28042);
        assertThat(settings.pacs().password()).isEqualTo("from-env");
        assertThat(settings.dicomWeb().maxRetries()).isEqualTo(1);
        assertThat(settings.pacs().toString()).doesNotContain("from-env");
    }

    @Test
    void namesAnInvalidSetting(@TempDir Path dir) {
        assertThatThrownBy(() -> Settings.load(dir.resolve("none"), Map.of("ICHCDS_DICOMWEB_MAX_RETRIES", "99")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ichcds.dicomweb")
                .hasMessageContaining("max-retries must be 0 to 10, was 99");
    }
}
