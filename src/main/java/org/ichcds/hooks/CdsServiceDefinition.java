package org.ichcds.hooks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One CDS service as defined in {@code cds-services/<id>.json}. The spec's discovery fields (CDS Hooks 2.0
 * §discovery) are served as they are; the {@code ichcds} block holds the service's own settings (thresholds, texts,
 * drug lists) and is never served.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record CdsServiceDefinition(
        String id,
        String hook,
        String title,
        String description,
        Map<String, String> prefetch,
        String usageRequirements,

        @JsonProperty(value = "ichcds", access = JsonProperty.Access.WRITE_ONLY)
        JsonNode settings) {

    /** The service's own settings block; an empty object when the definition has none. */
    @JsonIgnore
    JsonNode settingsOrEmpty() {
        return settings == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : settings;
    }

    void validate(String source) {
        require(id, "id", source);
        require(hook, "hook", source);
        require(description, "description", source);
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalStateException(source + ": id '" + id + "' is not URL-safe");
        }
    }

    private static void require(String value, String field, String source) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(source + ": CDS service definition lacks '" + field + "'");
        }
    }
}
