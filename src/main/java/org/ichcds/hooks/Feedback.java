package org.ichcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** One validated feedback item (CDS Hooks 2.0 §feedback). */
record Feedback(
        String card,
        String outcome,
        List<String> acceptedSuggestions,
        String overrideSystem,
        String overrideCode,
        String overrideComment,
        Instant outcomeTimestamp) {

    /** Reads {@code {"feedback": [...]}}; every problem of every item is named in one message. */
    static List<Feedback> parseAll(JsonNode body) {
        JsonNode items = body == null ? null : body.get("feedback");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw CdsRequestException.badRequest("the body must be {\"feedback\": [ ... ]} with at least one item");
        }
        List<Feedback> feedback = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Feedback item = parse(items.get(i), "feedback[" + i + "]", problems);
            if (item != null) {
                feedback.add(item);
            }
        }
        if (!problems.isEmpty()) {
            throw CdsRequestException.badRequest(String.join("; ", problems));
        }
        return feedback;
    }

    private static Feedback parse(JsonNode item, String where, List<String> problems) {
        int before = problems.size();
        String card = item.path("card").asText("");
        if (!item.path("card").isTextual() || card.isBlank()) {
            problems.add(where + ".card is required (the card's uuid)");
        }
        String outcome = item.path("outcome").asText("");
        if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
            problems.add(where + ".outcome must be 'accepted' or 'overridden'");
        }
        List<String> accepted = new ArrayList<>();
        item.path("acceptedSuggestions").forEach(s -> accepted.add(s.path("id").asText("")));
        if (outcome.equals("accepted") && (accepted.isEmpty() || accepted.contains(""))) {
            problems.add(where + ".acceptedSuggestions with an id each is required when accepted");
        }
        JsonNode reason = item.path("overrideReason");
        JsonNode coding = reason.path("reason");
        String comment = reason.path("userComment").asText(null);
        if (!reason.isMissingNode() && coding.isMissingNode() && comment == null) {
            problems.add(where + ".overrideReason needs a reason or a userComment");
        }
        Instant time = timestamp(item.path("outcomeTimestamp"), where, problems);
        if (problems.size() > before) {
            return null;
        }
        return new Feedback(
                card,
                outcome,
                List.copyOf(accepted),
                coding.path("system").asText(null),
                coding.path("code").asText(null),
                comment,
                time);
    }

    private static Instant timestamp(JsonNode value, String where, List<String> problems) {
        try {
            return OffsetDateTime.parse(value.asText("")).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(where + ".outcomeTimestamp must be an ISO 8601 date-time with offset");
            return null;
        }
    }
}
