package org.ichcds.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The write-back destination is refused unless it is https, or http allowed on purpose. */
class WritebackConfigTest {

    @Test
    void anHttpDestinationIsRefusedUnlessAllowedAndTheRefusalSaysWhatToSet() {
        assertThatThrownBy(() ->
                        new WritebackConfig().pacsWriteback(null, properties("http://pacs.example/dicom-web", false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ichcds.writeback.url must be https")
                .hasMessageContaining("ichcds.writeback.allow-http=true");
        assertThatThrownBy(() -> new WritebackConfig().pacsWriteback(null, properties("ftp://pacs.example/", true)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(new WritebackConfig().pacsWriteback(null, properties("http://127.0.0.1:8042/dicom-web", true)))
                .isNotNull();
        assertThat(new WritebackConfig().pacsWriteback(null, properties("https://pacs.example/dicom-web", false)))
                .isNotNull();
    }

    @Test
    void aUserWithoutAPasswordStopsStartUp() {
        assertThatThrownBy(() -> new WritebackProperties(
                        URI.create("https://pacs.example/dicom-web"),
                        "ichcds",
                        null,
                        null,
                        false,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofHours(1)))
                .hasMessageContaining("ichcds.writeback.password");
    }

    private static WritebackProperties properties(String url, boolean allowHttp) {
        return new WritebackProperties(
                URI.create(url),
                null,
                null,
                null,
                allowHttp,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofHours(1));
    }
}
