package org.ichcds.reporting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/**
 * A CDS service response (CDS Hooks 2.0 §cds-service-response). JSON elements are never null or empty
 * (§use-of-json), except {@code cards}, which is always present: {@code {"cards": []}} means "no guidance".
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CdsResponse(
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards, List<Action> systemActions) {

    // CDS Hooks 2.0 §card-attributes: summary < 140 characters
    static final int MAX_SUMMARY_LENGTH = 139;

    public static CdsResponse of(List<Card> cards) {
        return new CdsResponse(List.copyOf(cards), List.of());
    }

    public static CdsResponse empty() {
        return of(List.of());
    }

    /** §card-attributes. {@code summary} is one sentence of fewer than 140 characters. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Card(
            String uuid,
            String summary,
            String detail,
            String indicator,
            Source source,
            List<Suggestion> suggestions,
            String selectionBehavior,
            List<Coding> overrideReasons,
            List<Link> links) {

        public Card {
            if (summary == null || summary.isBlank() || summary.length() > MAX_SUMMARY_LENGTH) {
                throw new IllegalArgumentException(
                        "a card summary must have 1 to " + MAX_SUMMARY_LENGTH + " characters: " + summary);
            }
            if (!List.of("info", "warning", "critical").contains(indicator)) {
                throw new IllegalArgumentException("unknown card indicator " + indicator);
            }
            if (suggestions != null && !suggestions.isEmpty() && selectionBehavior == null) {
                throw new IllegalArgumentException("selectionBehavior is required with suggestions");
            }
        }

        /** This card with new uuids for it and its suggestions: each response's cards are new cards to feedback. */
        public Card withNewUuids() {
            List<Suggestion> renamed = suggestions == null
                    ? null
                    : suggestions.stream()
                            .map(s -> new Suggestion(
                                    s.label(), UUID.randomUUID().toString(), s.isRecommended(), s.actions()))
                            .toList();
            return new Card(
                    UUID.randomUUID().toString(),
                    summary,
                    detail,
                    indicator,
                    source,
                    renamed,
                    selectionBehavior,
                    overrideReasons,
                    links);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Source(String label, String url, String icon, Coding topic) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}

    /** §action: create/update carry {@code resource}; delete carries {@code resourceId}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Action(String type, String description, JsonNode resource, String resourceId) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Link(String label, String url, String type, String appContext) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Coding(String code, String system, String display) {}
}
