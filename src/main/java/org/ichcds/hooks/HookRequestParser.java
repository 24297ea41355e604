package org.ichcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.identifiers.Identifiers;

/**
 * Turns a request body into a {@link HookRequest}, or says in one message everything that is wrong with it. The
 * rules come from CDS Hooks 2.0 §calling-a-cds-service and from each hook's context definition.
 */
final class HookRequestParser {

    /** Required context fields per hook: the HL7 hook library for order-sign; cds-services/study-complete-hook.md. */
    private static final Map<String, List<String>> REQUIRED_CONTEXT = Map.of(
            "study-complete", List.of("patientId", "imagingStudyId"),
            "order-sign", List.of("userId", "patientId", "draftOrders"));

    private final boolean allowHttpFhirServer;

    HookRequestParser(boolean allowHttpFhirServer) {
        this.allowHttpFhirServer = allowHttpFhirServer;
    }

    HookRequest parse(CdsServiceDefinition service, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CdsRequestException.badRequest("the request body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        String hook = text(body, "hook", problems);
        if (hook != null && !hook.equals(service.hook())) {
            problems.add("hook '" + hook + "' does not match service " + service.id() + ", which answers '"
                    + service.hook() + "'");
        }
        String hookInstance = text(body, "hookInstance", problems);
        URI fhirServer = fhirServer(body, problems);
        HookRequest.FhirAuthorization authorization = authorization(body, fhirServer, problems);
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            problems.add("'context' is required and must be a JSON object");
        } else {
            checkContext(service.hook(), context, problems);
        }
        Map<String, JsonNode> prefetch = prefetch(body, problems);
        if (!problems.isEmpty()) {
            throw CdsRequestException.badRequest(String.join("; ", problems));
        }
        return new HookRequest(hook, hookInstance, fhirServer, authorization, context, prefetch);
    }

    private static String text(JsonNode body, String field, List<String> problems) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add("'" + field + "' is required and must be a non-empty string");
            return null;
        }
        return value.asText();
    }

    private URI fhirServer(JsonNode body, List<String> problems) {
        JsonNode value = body.get("fhirServer");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            URI uri = URI.create(value.asText());
            boolean https = "https".equals(uri.getScheme());
            boolean http = "http".equals(uri.getScheme());
            if (!value.isTextual() || uri.getHost() == null || !(https || http)) {
                problems.add("'fhirServer' must be an absolute https URL");
            } else if (http && !allowHttpFhirServer) {
                problems.add("'fhirServer' must use https (CDS Hooks 2.0 §security); set"
                        + " ichcds.cds.allow-http-fhir-server=true for local testing");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problems.add("'fhirServer' is not a URL");
            return null;
        }
    }

    private static HookRequest.FhirAuthorization authorization(JsonNode body, URI fhirServer, List<String> problems) {
        JsonNode value = body.get("fhirAuthorization");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            problems.add("'fhirAuthorization' must be a JSON object");
            return null;
        }
        if (fhirServer == null) {
            problems.add("'fhirServer' is required when 'fhirAuthorization' is given");
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("access_token", "token_type", "expires_in", "scope", "subject")) {
            if (value.get(field) == null || value.get(field).isNull()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            problems.add("'fhirAuthorization' lacks " + String.join(", ", missing));
        } else if (!"Bearer".equalsIgnoreCase(value.get("token_type").asText())) {
            problems.add("'fhirAuthorization.token_type' must be Bearer");
        }
        return new HookRequest.FhirAuthorization(
                value.path("access_token").asText(null),
                value.path("token_type").asText(null),
                value.path("scope").asText(null),
                value.path("subject").asText(null));
    }

    private static void checkContext(String hook, JsonNode context, List<String> problems) {
        for (String field : REQUIRED_CONTEXT.getOrDefault(hook, List.of())) {
            JsonNode value = context.get(field);
            if (value == null
                    || value.isNull()
                    || (value.isTextual() && value.asText().isBlank())) {
                problems.add("context." + field + " is required by the " + hook + " hook");
            } else if (field.endsWith("Id") && !field.equals("userId") && !Identifiers.isFhirId(value.asText())) {
                problems.add("context." + field + " is not a FHIR id");
            }
        }
        JsonNode draftOrders = context.get("draftOrders");
        if ("order-sign".equals(hook) && draftOrders != null && !draftOrders.isNull()) {
            if (!draftOrders.isObject()
                    || !"Bundle".equals(draftOrders.path("resourceType").asText())) {
                problems.add("context.draftOrders must be a FHIR Bundle");
            }
        }
    }

    private static Map<String, JsonNode> prefetch(JsonNode body, List<String> problems) {
        JsonNode value = body.get("prefetch");
        Map<String, JsonNode> prefetch = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return prefetch;
        }
        if (!value.isObject()) {
            problems.add("'prefetch' must be a JSON object");
            return prefetch;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            prefetch.put(entry.getKey(), entry.getValue());
        }
        return prefetch;
    }
}
