package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackTest {

    @Test
    void readsTheSpecShapedBatch() throws IOException {
        List<Feedback> items = Feedback.parseAll(HookRequestParserTest.fixture("feedback-request.json"));
        assertThat(items).hasSize(2);
        assertThat(items.get(0).outcome()).isEqualTo("accepted");
        assertThat(items.get(0).acceptedSuggestions()).containsExactly("e56e1945-20b3-4393-8503-a1a20fd73152");
        assertThat(items.get(1).overrideCode()).isEqualTo("reviewed-no-hemorrhage");
        assertThat(items.get(1).overrideComment()).isEqualTo("Calcified falx");
        assertThat(items.get(1).outcomeTimestamp()).isEqualTo(Instant.parse("2026-11-27T14:31:00Z"));
    }

    @Test
    void rejectsTheFlatShapeAndBrokenItems() throws IOException {
        ObjectNode flat = (ObjectNode) new ObjectMapper()
                .readTree("{\"card\":\"x\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-11-27T14:30:00Z\"}");
        assertThatThrownBy(() -> Feedback.parseAll(flat)).hasMessageContaining("{\"feedback\": [ ... ]}");

        ObjectNode body = HookRequestParserTest.fixture("feedback-request.json");
        ObjectNode first = (ObjectNode) body.get("feedback").get(0);
        first.remove("acceptedSuggestions");
        first.put("outcomeTimestamp", "yesterday");
        ((ObjectNode) body.get("feedback").get(1)).put("outcome", "ignored");
        assertThatThrownBy(() -> Feedback.parseAll(body))
                .hasMessageContaining("feedback[0].acceptedSuggestions")
                .hasMessageContaining("feedback[0].outcomeTimestamp")
                .hasMessageContaining("feedback[1].outcome");
    }
}
