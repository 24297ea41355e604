package org.ichcds.hooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.ichcds.http.AddressPolicy;
import org.ichcds.http.AllowedBase;
import org.ichcds.http.OutboundPolicy;
import org.ichcds.http.OutboundRefusal;
import org.ichcds.http.OutgoingHttp;
import org.ichcds.identifiers.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The FHIR data a call needs (CDS Hooks 2.0 §prefetch): what the client prefetched, or else what the service fetches
 * itself from {@code fhirServer} with the {@code fhirAuthorization} token. Resolved lazily, one key at a time; a key
 * that can be neither prefetched nor fetched ends the call with 412.
 */
final class Prefetch {

    private static final Logger log = LoggerFactory.getLogger(Prefetch.class);

    private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final CdsServiceDefinition service;
    private final HookRequest request;
    private final FhirContext fhirContext;
    private final CloseableHttpClient http;
    private final List<AllowedBase> allowedFhirServers;
    private final boolean allowHttp;
    private Boolean fhirServerAllowed; // decided on the first fetch
    private final Map<String, Optional<IBaseResource>> resolved = new HashMap<>();

    /**
     * @param allowedFhirServers where this client's {@code fhirServer} may point (its trusted-client entry)
     * @param allowHttp whether an {@code http:} fhirServer may be fetched from
     */
    Prefetch(
            CdsServiceDefinition service,
            HookRequest request,
            FhirContext fhirContext,
            CloseableHttpClient http,
            List<AllowedBase> allowedFhirServers,
            boolean allowHttp) {
        this.service = service;
        this.request = request;
        this.fhirContext = fhirContext;
        this.http = http;
        this.allowedFhirServers = List.copyOf(allowedFhirServers);
        this.allowHttp = allowHttp;
    }

    /**
     * The resource (or search Bundle) behind a prefetch key; empty when the query found nothing.
     *
     * @throws CdsRequestException 412 when the data was not prefetched and cannot be fetched
     */
    synchronized Optional<IBaseResource> get(String key) {
        Optional<IBaseResource> value = resolved.get(key);
        if (value == null) {
            value = resolve(key);
            resolved.put(key, value);
        }
        return value;
    }

    /**
     * The resource the client prefetched for a key, as sent; empty when it sent nothing, null (its query found
     * nothing), or an OperationOutcome (its query failed, so {@link #get} fetches the data itself).
     */
    Optional<JsonNode> sent(String key) {
        JsonNode sent = request.prefetch().get(key);
        if (sent == null
                || sent.isNull()
                || "OperationOutcome".equals(sent.path("resourceType").asText())) {
            return Optional.empty();
        }
        return Optional.of(sent);
    }

    private Optional<IBaseResource> resolve(String key) {
        String template = service.prefetch() == null ? null : service.prefetch().get(key);
        if (template == null) {
            throw new IllegalArgumentException("service " + service.id() + " has no prefetch template " + key);
        }
        JsonNode sent = request.prefetch().get(key);
        if (sent != null && sent.isNull()) {
            return Optional.empty(); // the client's query found nothing
        }
        Optional<JsonNode> usable = sent(key);
        if (usable.isPresent()) {
            return Optional.of(parse(usable.get().toString(), "prefetch." + key, HttpStatus.BAD_REQUEST));
        }
        // not sent, or the client hit an error prefetching it (an OperationOutcome): fetch it (CDS Hooks 2.0 §prefetch)
        return fetch(key, template);
    }

    /**
     * Reads a resource the prefetched data refers to (e.g. the ImagingStudy's {@code Endpoint/1}) from {@code
     * fhirServer}; empty when it does not exist.
     *
     * @throws CdsRequestException 412 when there is no fhirServer or it cannot be read
     */
    Optional<IBaseResource> read(String relativeReference) {
        if (!Identifiers.isRelativeReference(relativeReference)) {
            throw CdsRequestException.preconditionFailed("cannot follow the reference " + relativeReference);
        }
        return fetchQuery(relativeReference, relativeReference);
    }

    private Optional<IBaseResource> fetch(String key, String template) {
        if (request.fhirServer() == null) {
            throw CdsRequestException.preconditionFailed(
                    "prefetch '" + key + "' was not provided and the request has no fhirServer to fetch it from");
        }
        return fetchQuery(key, substitute(key, template));
    }

    private Optional<IBaseResource> fetchQuery(String key, String query) {
        if (request.fhirServer() == null) {
            throw CdsRequestException.preconditionFailed(
                    "'" + key + "' is needed and the request has no fhirServer to fetch it from");
        }
        if (!fhirServerAllowed()) {
            throw unreachable(key);
        }
        URI uri = URI.create(request.fhirServer().toString().replaceAll("/+$", "") + "/" + query);
        HttpGet get = new HttpGet(uri);
        get.setHeader(HttpHeaders.ACCEPT, "application/fhir+json");
        if (request.fhirAuthorization() != null) {
            get.setHeader(
                    HttpHeaders.AUTHORIZATION,
                    "Bearer " + request.fhirAuthorization().accessToken());
        }
        Answer answer;
        try {
            answer = http.execute(
                    get,
                    response -> new Answer(
                            response.getCode(),
                            response.getEntity() == null
                                    ? ""
                                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw unreachable(key);
        }
        if (answer.status() == 404 || answer.status() == 410) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw CdsRequestException.preconditionFailed(
                    "prefetch '" + key + "' could not be fetched: fhirServer" + " answered " + answer.status());
        }
        return Optional.of(parse(answer.body(), "fhirServer's answer for " + key, HttpStatus.PRECONDITION_FAILED));
    }

    /** Whether this client may have the service fetch from its fhirServer; decided once per call. */
    private synchronized boolean fhirServerAllowed() {
        if (fhirServerAllowed == null) {
            try {
                OutboundPolicy.check(
                        request.fhirServer().toString(),
                        allowedFhirServers,
                        allowHttp,
                        "ichcds.cds.allow-http-fhir-server");
                fhirServerAllowed = true;
            } catch (OutboundRefusal refused) {
                // the operator learns why; the caller gets what an unreachable server gets (no map of what answers)
                log.warn(
                        "fhirServer of hookInstance {} refused: {} (allowed: ichcds.cds.trusted-clients[N].fhir-servers{})",
                        request.hookInstance(),
                        refused.getMessage(),
                        refused.setting().isEmpty() ? "" : ", " + refused.setting());
                fhirServerAllowed = false;
            }
        }
        return fhirServerAllowed;
    }

    /** One text for every fetch that did not happen or did not answer: refused, unresolvable, unreachable, slow. */
    private static CdsRequestException unreachable(String key) {
        return CdsRequestException.preconditionFailed(
                "prefetch '" + key + "' could not be fetched from fhirServer; send it as prefetch data or make"
                        + " fhirServer reachable for this service");
    }

    /** What the FHIR server answered: its status and body. */
    private record Answer(int status, String body) {}

    /** The client that fetches from EHRs' FHIR servers: only to the addresses the policy allows. */
    static CloseableHttpClient httpClient(AddressPolicy addresses) {
        return OutgoingHttp.guarded(CONNECT_TIMEOUT, FETCH_TIMEOUT, addresses);
    }

    private String substitute(String key, String template) {
        Matcher matcher = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = tokenValue(matcher.group(1));
            if (value == null) {
                throw CdsRequestException.preconditionFailed(
                        "prefetch '" + key + "' needs {{" + matcher.group(1) + "}}, which this call does not provide");
            }
            matcher.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** CDS Hooks 2.0 §prefetch-tokens: root-level context fields and the four user tokens from context.userId. */
    private String tokenValue(String token) {
        if (token.startsWith("context.")) {
            String field = token.substring("context.".length());
            JsonNode value = request.context().get(field);
            return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
        }
        String user = request.contextText("userId").orElse("");
        String type = switch (token) {
            case "userPractitionerId" -> "Practitioner/";
            case "userPractitionerRoleId" -> "PractitionerRole/";
            case "userPatientId" -> "Patient/";
            case "userRelatedPersonId" -> "RelatedPerson/";
            default -> null;
        };
        return type != null && user.startsWith(type) ? user.substring(type.length()) : null;
    }

    private IBaseResource parse(String json, String what, HttpStatus status) {
        try {
            return fhirContext.newJsonParser().parseResource(json);
        } catch (DataFormatException e) {
            throw new CdsRequestException(status, what + " is not a FHIR resource: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
