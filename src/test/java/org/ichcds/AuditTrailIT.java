package org.ichcds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.audit.AuditTrail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail of a whole run, read back as FHIR AuditEvent: a hook call, a read and a search of the AI results, a
 * viewer open (and a refused one), feedback, refused calls; who, whose data, the outcome. Only a client with an
 * AuditEvent scope reads it, nobody writes it.
 */
class AuditTrailIT extends ServerITBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    AuditTrail trail;

    @Test
    void everyAccessToAPatientsResultsIsRecordedAndReadableByTheAuditorOnly() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        ItHooks hooks = new ItHooks(baseUrl(), fhirClient());
        ItHooks.Registered study = hooks.registerPositivePhantom(7171);
        String patient = "Patient/" + study.patientId();
        JsonNode card = hooks.cardsWhenDone(study).get(0);
        String link = card.path("links").path(0).path("url").asText();
        assertThat(open(link).statusCode()).isEqualTo(200);
        // the signature's first character carries six bits of it; its last carries padding bits a decoder ignores,
        // so changing only the end could leave the signature as it was
        int signature = link.lastIndexOf('.') + 1;
        char first = link.charAt(signature);
        String tampered = link.substring(0, signature) + (first == 'A' ? 'B' : 'A') + link.substring(signature + 1);
        assertThat(open(tampered).statusCode()).isEqualTo(403);

        String ehr = environment().ehrToken();
        hooks.awaitReports(study.patientId(), 1);
        JsonNode reports = json(get(baseUrl() + "/fhir/DiagnosticReport?subject=" + patient, ehr));
        String reportId = reports.at("/entry/0/resource/id").asText();
        assertThat(get(baseUrl() + "/fhir/DiagnosticReport/" + reportId, ehr).statusCode())
                .isEqualTo(200);
        assertThat(get(baseUrl() + "/fhir/Observation?subject=" + patient, null).statusCode())
                .isEqualTo(401);

        String feedbackPath = "/cds-services/ich-study-complete/feedback";
        String feedback = "{\"feedback\":[{\"card\":\"" + card.path("uuid").asText()
                + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\""
                + card.at("/suggestions/0/uuid").asText() + "\"}],\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}";
        assertThat(hooks.post(feedbackPath, feedback, hooks.token(feedbackPath)).statusCode())
                .isEqualTo(200);
        assertThat(hooks.post("/cds-services/ich-study-complete", hooks.studyComplete(study), null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(trail.awaitWritten(Duration.ofSeconds(10))).isTrue();

        String auditor = environment().client("it-auditor").accessToken(List.of("system/AuditEvent.rs"));
        List<JsonNode> forPatient =
                entries(json(get(baseUrl() + "/fhir/AuditEvent?_count=500&patient=" + patient, auditor)));
        assertThat(forPatient)
                .extracting(AuditTrailIT::subtype)
                .contains("hook-call", "viewer-open", "read", "search-type");
        JsonNode hookCall = forPatient.stream()
                .filter(e -> subtype(e).equals("hook-call")
                        && e.at("/outcome").asText().equals("0"))
                .findFirst()
                .orElseThrow();
        assertThat(hookCall.at("/agent/0/who/identifier/system").asText()).isEqualTo(ItEnvironment.ISSUER);
        assertThat(hookCall.at("/agent/0/network/address").asText()).isEqualTo("127.0.0.1");
        assertThat(hookCall.at("/outcomeDesc").asText()).isEqualTo("1 card: critical");
        assertThat(hookCall.toString())
                .contains("urn:oid:" + study.stored().studyUid())
                .contains(link.substring(link.indexOf("/analyses/") + 10, link.indexOf('?')));
        JsonNode read = forPatient.stream()
                .filter(e -> subtype(e).equals("read"))
                .findFirst()
                .orElseThrow();
        assertThat(read.at("/agent/0/who/identifier/value").asText()).isEqualTo(ItEnvironment.EHR_CLIENT);
        assertThat(read.at("/entity/1/description").asText()).isEqualTo("DiagnosticReport/" + reportId);

        List<JsonNode> since = entries(json(get(
                baseUrl() + "/fhir/AuditEvent?_count=500&date=ge"
                        + URLEncoder.encode(start.toString(), StandardCharsets.UTF_8),
                auditor)));
        assertThat(since).extracting(AuditTrailIT::subtype).contains("hook-feedback", "access-refused");
        assertThat(since)
                .filteredOn(e -> subtype(e).equals("viewer-open"))
                .extracting(e -> e.at("/outcome").asText())
                .contains("0", "4");
        assertThat(since)
                .filteredOn(e -> subtype(e).equals("hook-call"))
                .extracting(e -> e.at("/outcomeDesc").asText())
                .contains("HTTP 401: MISSING_TOKEN");

        // paged newest first
        JsonNode page = json(get(baseUrl() + "/fhir/AuditEvent?_count=1", auditor));
        assertThat(entries(page)).hasSize(1);
        assertThat(page.path("link").toString()).contains("_offset=1");
    }

    @Test
    void nobodyButTheAuditorReadsTheTrailAndNobodyWritesIt() throws Exception {
        assertThat(get(baseUrl() + "/fhir/AuditEvent", environment().ehrToken()).statusCode())
                .isEqualTo(403);
        assertThat(get(baseUrl() + "/fhir/AuditEvent", environment().fullAccessToken())
                        .statusCode())
                .isEqualTo(403);
        String forged =
                "{\"resourceType\":\"AuditEvent\",\"type\":{\"code\":\"rest\"},\"recorded\":\"2026-01-01T00:00:00Z\","
                        + "\"agent\":[{\"requestor\":true}],\"source\":{\"observer\":{\"display\":\"x\"}}}";
        for (String token :
                List.of(environment().fullAccessToken(), environment().adminToken())) {
            HttpResponse<String> write = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/AuditEvent"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/fhir+json")
                            .POST(HttpRequest.BodyPublishers.ofString(forged))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // refused by HAPI (no create for AuditEvent here: 400 not-supported) or by the rules (403)
            assertThat(write.statusCode()).as(write.body()).isIn(400, 403, 405);
            assertThat(write.body()).contains("OperationOutcome");
        }
        String auditor = environment().client("it-auditor").accessToken(List.of("system/AuditEvent.rs"));
        assertThat(get(baseUrl() + "/fhir/AuditEvent?subtype=nonsense", auditor).statusCode())
                .isEqualTo(400);
        assertThat(get(baseUrl() + "/fhir/AuditEvent/999999999", auditor).statusCode())
                .isEqualTo(404);
    }

    private static String subtype(JsonNode event) {
        return event.at("/subtype/0/code").asText();
    }

    private static List<JsonNode> entries(JsonNode bundle) {
        List<JsonNode> entries = new ArrayList<>();
        bundle.path("entry").forEach(e -> entries.add(e.path("resource")));
        return entries;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ItHooks.JSON.readTree(response.body());
    }

    private static HttpResponse<String> open(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
