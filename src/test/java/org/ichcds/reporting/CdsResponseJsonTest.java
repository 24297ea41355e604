package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CDS Hooks 2.0 §use-of-json: no null or empty elements, except {@code {"cards": []}}. */
class CdsResponseJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void emptyResponseIsCardsArrayOnly() throws Exception {
        assertThat(json.writeValueAsString(CdsResponse.empty())).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void omitsNullAndEmptyElements() throws Exception {
        var card = new CdsResponse.Card(
                null,
                "No hemorrhage flagged by AI",
                "",
                "info",
                new CdsResponse.Source("ICH CDS ich-phantom-v1", null, null, null),
                List.of(),
                null,
                List.of(),
                null);
        String text = json.writeValueAsString(CdsResponse.of(List.of(card)));
        assertThat(text)
                .isEqualTo("{\"cards\":[{\"summary\":\"No hemorrhage flagged by AI\",\"indicator\":\"info\","
                        + "\"source\":{\"label\":\"ICH CDS ich-phantom-v1\"}}]}");
    }

    @Test
    void enforcesCardRules() {
        var source = new CdsResponse.Source("x", null, null, null);
        assertThatThrownBy(
                        () -> new CdsResponse.Card(null, "s".repeat(140), null, "info", source, null, null, null, null))
                .hasMessageContaining("1 to 139 characters");
        assertThatThrownBy(() -> new CdsResponse.Card(null, "s", null, "hard-stop", source, null, null, null, null))
                .hasMessageContaining("indicator");
        var suggestion = new CdsResponse.Suggestion("Remove", null, null, List.of());
        assertThatThrownBy(() -> new CdsResponse.Card(
                        null, "s", null, "critical", source, List.of(suggestion), null, null, null))
                .hasMessageContaining("selectionBehavior");
    }
}
