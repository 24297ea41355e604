package org.ichcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A validated CDS Hooks request (CDS Hooks 2.0 §calling-a-cds-service).
 *
 * @param hook the hook that fired
 * @param hookInstance the client's id of this firing
 * @param fhirServer the EHR's FHIR base URL, when given
 * @param fhirAuthorization the bearer token for {@code fhirServer}, when given; never logged or stored
 * @param context the hook's context fields
 * @param prefetch what the client prefetched, by template key; a key mapped to JSON null means "found nothing"
 */
record HookRequest(
        String hook,
        String hookInstance,
        URI fhirServer,
        FhirAuthorization fhirAuthorization,
        JsonNode context,
        Map<String, JsonNode> prefetch) {

    /** {@code fhirAuthorization} (CDS Hooks 2.0 §fhir-resource-access); {@code toString} hides the token. */
    public record FhirAuthorization(String accessToken, String tokenType, String scope, String subject) {
        @Override
        public String toString() {
            return "FhirAuthorization[tokenType=" + tokenType + ", scope=" + scope + ", subject=" + subject + "]";
        }
    }

    /** A context field as text, when present and a string. */
    Optional<String> contextText(String field) {
        JsonNode value = context.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText())
                : Optional.empty();
    }
}
