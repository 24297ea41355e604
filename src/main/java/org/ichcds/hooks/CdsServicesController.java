package org.ichcds.hooks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.ichcds.analysis.OutboundProperties;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.ichcds.fhir.DatabaseOutage;
import org.ichcds.http.AllowedBase;
import org.ichcds.reporting.CdsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** CDS Hooks 2.0 discovery ({@code GET /cds-services}) and service calls ({@code POST /cds-services/{id}}). */
@RestController
class CdsServicesController {

    private static final Logger log = LoggerFactory.getLogger(CdsServicesController.class);
    /** Answers tried when the database connection is lost: the pool may hold several connections ended at once. */
    private static final int DATABASE_ATTEMPTS = 3;

    private final CdsServiceCatalog catalog;
    private final Map<String, CdsHookHandler> handlers;
    private final HookRequestParser parser;
    private final FhirContext fhirContext;
    private final ObjectMapper json = new ObjectMapper();
    private final CloseableHttpClient http;
    private final Map<String, List<AllowedBase>> fhirServersByIssuer;
    private final boolean allowHttpFhirServer;
    private final String publicBaseUrl;
    private final AuditRecorder trail;
    private final HookMetrics metrics;
    private final javax.sql.DataSource dataSource;

    CdsServicesController(
            CdsServiceCatalog catalog,
            List<CdsHookHandler> handlers,
            FhirContext fhirContext,
            CdsProperties properties,
            OutboundProperties outbound,
            AuditRecorder trail,
            MeterRegistry meters,
            javax.sql.DataSource dataSource) {
        this.trail = trail;
        this.dataSource = dataSource;
        this.metrics = new HookMetrics(meters);
        this.http = Prefetch.httpClient(outbound.addressPolicy());
        this.fhirServersByIssuer = properties.trustedClients().stream()
                .collect(Collectors.toMap(
                        CdsProperties.TrustedClient::issuer,
                        c -> c.fhirServers().stream().map(AllowedBase::parse).toList()));
        this.allowHttpFhirServer = properties.allowHttpFhirServer();
        this.catalog = catalog;
        this.handlers = handlers.stream().collect(Collectors.toMap(CdsHookHandler::hook, Function.identity()));
        this.parser = new HookRequestParser(properties.allowHttpFhirServer());
        this.fhirContext = fhirContext;
        this.publicBaseUrl = properties.publicBase();
    }

    /** Only services whose hook has a handler are offered. */
    @GetMapping(value = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<CdsServiceDefinition>> discovery() {
        return Map.of("services", offered());
    }

    @PostMapping(value = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    CdsResponse call(
            @PathVariable String id,
            @RequestBody(required = false) String body,
            @RequestAttribute(name = CdsSecurityFilter.CLIENT_ATTRIBUTE, required = false) JwtVerifier.Verified client,
            HttpServletRequest servlet) {
        HookAudit noted = new HookAudit();
        HookRequest request = null;
        long start = System.nanoTime();
        Optional<CdsServiceDefinition> found = catalog.find(id);
        // a metric tag only for services that exist: a caller cannot make up new time series
        String known = found.map(CdsServiceDefinition::id).orElse("unknown");
        try {
            CdsServiceDefinition service = found.filter(s -> handlers.containsKey(s.hook()))
                    .orElseThrow(() -> new CdsRequestException(HttpStatus.NOT_FOUND, "no CDS service with id " + id));
            request = parser.parse(service, readJson(body));
            CdsResponse response = answerOnAWorkingConnection(service, request, client, noted);
            audit(id, client, servlet, request, noted, AuditEntry.Outcome.SUCCESS, summary(response));
            metrics.answered(known, response, start);
            return response;
        } catch (CdsRequestException e) {
            metrics.failed(known, e.status().value(), start);
            audit(
                    id,
                    client,
                    servlet,
                    request,
                    noted,
                    AuditEntry.Outcome.MINOR_FAILURE,
                    "HTTP " + e.status().value());
            throw e;
        } catch (RuntimeException | Error e) {
            metrics.failed(known, 500, start);
            audit(id, client, servlet, request, noted, AuditEntry.Outcome.SERIOUS_FAILURE, "HTTP 500");
            throw e;
        }
    }

    /**
     * The answer, taken again when the database connection it used was lost (the pool hands out a new one; a database
     * restart or {@code pg_terminate_backend} ends every pooled connection at once). Answering is safe to repeat: an
     * analysis is started once per study whatever the number of calls. When the database stays unreachable the caller
     * gets 503 and may repeat the call.
     */
    private CdsResponse answerOnAWorkingConnection(
            CdsServiceDefinition service, HookRequest request, JwtVerifier.Verified client, HookAudit noted) {
        for (int attempt = 1; ; attempt++) {
            try {
                return answer(service, request, client, noted);
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                if (attempt == DATABASE_ATTEMPTS) {
                    log.warn("CDS call failed: the database connection was lost {} times", attempt);
                    throw new CdsRequestException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "the service cannot reach its database at the moment; repeat the call in a few seconds");
                }
                log.warn("CDS call met a lost database connection; answering it again on another");
                DatabaseOutage.evictPooledConnections(dataSource);
                sleepBeforeAttempt(attempt);
            }
        }
    }

    private static void sleepBeforeAttempt(int attempt) {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdsRequestException(HttpStatus.SERVICE_UNAVAILABLE, "the service is shutting down");
        }
    }

    private CdsResponse answer(
            CdsServiceDefinition service, HookRequest request, JwtVerifier.Verified client, HookAudit noted) {
        long start = System.nanoTime();
        // the FHIR servers the calling client may name; none when it is unknown (JWT checks switched off)
        List<AllowedBase> allowed =
                client == null ? List.of() : fhirServersByIssuer.getOrDefault(client.issuer(), List.of());
        Prefetch prefetch = new Prefetch(service, request, fhirContext, http, allowed, allowHttpFhirServer);
        CdsResponse response = handlers.get(service.hook())
                .handle(new CdsHookHandler.HookCall(service, request, prefetch, baseUrl(), noted));
        log.info(
                "{} hookInstance {} answered {} card(s) in {} ms",
                service.id(),
                request.hookInstance(),
                response.cards().size(),
                (System.nanoTime() - start) / 1_000_000);
        return response;
    }

    /** The audit entry of a call: the client and user, the patient, the study and analysis the handler noted. */
    private void audit(
            String id,
            JwtVerifier.Verified client,
            HttpServletRequest servlet,
            HookRequest request,
            HookAudit noted,
            AuditEntry.Outcome outcome,
            String outcomeText) {
        String patient = request == null
                ? null
                : request.contextText("patientId").map(p -> "Patient/" + p).orElse(null);
        String user = request == null ? null : request.contextText("userId").orElse(null);
        trail.record(AuditEntry.now(
                AuditKind.HOOK_CALL,
                id,
                outcome,
                outcomeText,
                new AuditEntry.Who(
                        client == null ? null : client.issuer(),
                        client == null ? null : client.subject(),
                        user,
                        servlet.getRemoteAddr()),
                new AuditEntry.What(patient, noted.study(), noted.analysis(), null)));
    }

    /** "2 cards: critical" (the most urgent indicator), or "no cards". */
    private static String summary(CdsResponse response) {
        List<CdsResponse.Card> cards = response.cards();
        if (cards.isEmpty()) {
            return "no cards";
        }
        String top = cards.stream()
                .map(CdsResponse.Card::indicator)
                .max(java.util.Comparator.comparingInt(List.of("info", "warning", "critical")::indexOf))
                .orElseThrow();
        return cards.size() + (cards.size() == 1 ? " card: " : " cards: ") + top;
    }

    private List<CdsServiceDefinition> offered() {
        return catalog.all().stream()
                .filter(s -> handlers.containsKey(s.hook()))
                .toList();
    }

    private JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            throw CdsRequestException.badRequest("the request body is empty; a CDS Hooks request is a JSON object");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw CdsRequestException.badRequest("the request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }

    private String baseUrl() {
        return publicBaseUrl == null
                ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : publicBaseUrl;
    }
}
