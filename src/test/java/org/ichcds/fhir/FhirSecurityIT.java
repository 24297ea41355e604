package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.ichcds.ItEnvironment;
import org.ichcds.ServerITBase;
import org.ichcds.authserver.AuthorizationServer;
import org.ichcds.authserver.BackendServicesClient;
import org.ichcds.authserver.ClientRegistration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on {@code /fhir}, each as the concrete request an attacker would send, against the running server and the
 * real authorization server of the tests.
 */
class FhirSecurityIT extends ServerITBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void patients() {
        // two patients, each with an Observation: the patient-context client's own (pctx1) and someone else's
        for (String id : List.of("pctx1", "pother")) {
            Patient patient = new Patient();
            patient.setId("Patient/" + id);
            patient.addName().setFamily("Security-" + id);
            fhirClient().update().resource(patient).execute();
            Observation observation = new Observation();
            observation.setId("Observation/obs-" + id);
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observation.getCode().setText("test");
            observation.setSubject(new Reference("Patient/" + id));
            // written by the store itself (as the service's results are), not through the guarded HTTP API
            writeDirect(observation);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    ca.uhn.fhir.jpa.api.dao.DaoRegistry daos;

    private void writeDirect(Observation observation) {
        daos.getResourceDao(Observation.class)
                .update(observation, new ca.uhn.fhir.rest.api.server.SystemRequestDetails());
    }

    @Test
    void withoutAValidTokenNothingButDiscoveryIsServed() throws Exception {
        HttpResponse<String> none = get("/fhir/Patient", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(JSON.readTree(none.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(get("/fhir/Patient/pctx1", "not-a-jwt").statusCode()).isEqualTo(401);
        assertThat(get("/fhir/DiagnosticReport", null).statusCode()).isEqualTo(401);

        HttpResponse<String> metadata = get("/fhir/metadata", null);
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("SMART-on-FHIR").contains("oauth-uris");
        HttpResponse<String> smart = get("/fhir/.well-known/smart-configuration", null);
        assertThat(smart.statusCode()).isEqualTo(200);
        JsonNode configuration = JSON.readTree(smart.body());
        assertThat(configuration.path("token_endpoint").asText())
                .isEqualTo(environment().authorizationServer.tokenEndpoint().toString());
        assertThat(configuration.path("grant_types_supported").toString()).contains("client_credentials");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = environment().client("it-short-lived").accessToken(ItEnvironment.EHR_SCOPES);
        assertThat(get("/fhir/Patient/pctx1", token).statusCode()).isEqualTo(200);
        Thread.sleep(4_100);
        HttpResponse<String> expired = get("/fhir/Patient/pctx1", token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        String token = environment().client("it-other-audience").accessToken(ItEnvironment.EHR_SCOPES);
        assertThat(get("/fhir/Patient/pctx1", token).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused(@TempDir Path dir) throws Exception {
        var key = BackendServicesClient.newEs384Key();
        Path clients = dir.resolve("clients.json");
        ClientRegistration.write(
                clients,
                List.of(ClientRegistration.of("rogue", key, ItEnvironment.EHR_SCOPES, ItEnvironment.FHIR_AUDIENCE)));
        try (AuthorizationServer.Running rogue =
                new AuthorizationServer("127.0.0.1", ItEnvironment.freePort(), null, clients, null).start()) {
            String token = new BackendServicesClient(rogue.tokenEndpoint(), "rogue", key)
                    .accessToken(ItEnvironment.EHR_SCOPES);
            assertThat(get("/fhir/Patient/pctx1", token).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aTokenIsHeldToItsScopes() throws Exception {
        String reader = environment().client("it-patient-reader").accessToken(List.of("system/Patient.rs"));
        assertThat(get("/fhir/Patient/pctx1", reader).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Patient?family=Security-pother", reader).statusCode())
                .isEqualTo(200);
        HttpResponse<String> observation = get("/fhir/Observation/obs-pctx1", reader);
        assertThat(observation.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(observation.body()).path("resourceType").asText())
                .isEqualTo("OperationOutcome");
        assertThat(post("/fhir/Patient", "{\"resourceType\":\"Patient\"}", reader)
                        .statusCode())
                .isEqualTo(403);
        assertThat(delete("/fhir/Patient/pother", reader).statusCode()).isEqualTo(403);
    }

    @Test
    void aPatientContextTokenSeesThatPatientOnly() throws Exception {
        String token = environment().client("it-patient-context").accessToken(List.of("patient/*.rs"));

        assertThat(get("/fhir/Patient/pctx1", token).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Observation/obs-pctx1", token).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Patient/pother", token).statusCode()).isEqualTo(403);
        assertThat(get("/fhir/Observation/obs-pother", token).statusCode()).isEqualTo(403);
        HttpResponse<String> search = get("/fhir/Observation", token);
        assertThat(search.statusCode()).isEqualTo(200);
        JsonNode bundle = JSON.readTree(search.body());
        assertThat(bundle.path("entry").findValuesAsText("reference"))
                .isNotEmpty()
                .allSatisfy(reference -> assertThat(reference).isEqualTo("Patient/pctx1"));
        assertThat(get("/fhir/Observation?subject=Patient/pother", token).statusCode())
                .isEqualTo(403);
    }

    @Test
    void noCallerMayEraseOrBulkDeleteTheStore() throws Exception {
        String admin = environment().adminToken();
        String everything = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"expungeEverything\","
                + "\"valueBoolean\":true}]}";
        assertThat(post("/fhir/$expunge", everything, admin).statusCode()).isEqualTo(403);
        assertThat(post("/fhir/Patient/$expunge", everything, admin).statusCode())
                .isEqualTo(403);
        // refused one way or another (403 by the rules, 405 as expunge is off, 412 as HAPI refuses to delete
        // several at once): what counts is that both patients are still there at the end
        assertThat(delete("/fhir/Patient?_expunge=true&family=Security-pother", admin)
                        .statusCode())
                .isBetween(400, 499);
        assertThat(delete("/fhir/Patient?_id=pctx1,pother", admin).statusCode()).isBetween(400, 499);
        assertThat(delete("/fhir/Patient/pother?_expunge=true", admin).statusCode())
                .isBetween(400, 499);
        // operations are refused by the rules where this server offers them, and unknown where it does not
        assertRefusedOperation(post(
                "/fhir/$delete-expunge",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"url\","
                        + "\"valueString\":\"Patient?family=Security-pother\"}]}",
                admin));
        assertRefusedOperation(post("/fhir/$reindex", "{\"resourceType\":\"Parameters\"}", admin));
        assertRefusedOperation(post("/fhir/$export", "{\"resourceType\":\"Parameters\"}", admin));
        assertThat(get("/fhir/Patient/pother", admin).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Patient/pctx1", admin).statusCode()).isEqualTo(200);
    }

    private static void assertRefusedOperation(HttpResponse<String> response) {
        if (response.statusCode() == 403) {
            assertThat(response.body()).contains("Access denied");
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("does not know how to handle");
        }
    }

    @Test
    void nobodyOutsideCanWriteAnAiResult() throws Exception {
        String forged = "{\"resourceType\":\"DiagnosticReport\",\"status\":\"final\",\"code\":{\"text\":\"forged\"},"
                + "\"subject\":{\"reference\":\"Patient/pctx1\"}}";
        assertThat(post("/fhir/DiagnosticReport", forged, environment().adminToken())
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/fhir/DiagnosticReport", forged, environment().ehrToken())
                        .statusCode())
                .isEqualTo(403);
        assertThat(put(
                                "/fhir/Observation/obs-pctx1",
                                "{\"resourceType\":\"Observation\",\"id\":\"obs-pctx1\","
                                        + "\"status\":\"final\",\"code\":{\"text\":\"forged\"}}",
                                environment().adminToken())
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theAuditTrailNeedsItsOwnScope() throws Exception {
        assertThat(get("/fhir/AuditEvent", environment().ehrToken()).statusCode())
                .isEqualTo(403);
        String auditor = environment().client("it-auditor").accessToken(List.of("system/AuditEvent.rs"));
        assertThat(get("/fhir/AuditEvent", auditor).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Patient/pctx1", auditor).statusCode()).isEqualTo(403);
    }

    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    @Test
    void everyOtherPathIsRefusedAndTheActuatorIsOnTheLoopbackManagementPortOnly() throws Exception {
        assertThat(plainGet("/livez").statusCode()).isEqualTo(200);
        assertThat(plainGet("/readyz").statusCode()).isEqualTo(200);
        assertThat(plainGet("/actuator/health").statusCode()).isEqualTo(403);
        assertThat(plainGet("/actuator/metrics").statusCode()).isEqualTo(403);
        assertThat(plainGet("/actuator/info").statusCode()).isEqualTo(403);
        assertThat(plainGet("/something-else").statusCode()).isEqualTo(403);

        String management = "http://127.0.0.1:" + managementPort;
        assertThat(managementPort).isNotEqualTo(environment().serverPort);
        for (String path : List.of("/actuator/metrics", "/actuator/health", "/actuator/health/readiness")) {
            assertThat(rawGet(management + path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(rawGet(management + "/fhir/Patient").statusCode()).isEqualTo(403);

        // bound to loopback: from any other address of this machine the port does not answer at all
        java.util.Optional<java.net.InetAddress> outside =
                java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                        .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
                        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                        .findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(outside.isPresent(), "no non-loopback address to test from");
        try (java.net.Socket socket = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> socket.connect(new java.net.InetSocketAddress(outside.get(), managementPort), 2_000))
                    .isInstanceOf(java.io.IOException.class);
        }
        assertThat(rawGet("http://" + outside.get().getHostAddress() + ":" + environment().serverPort + "/livez")
                        .statusCode())
                .as("the application port itself answers on that address")
                .isEqualTo(200);
    }

    private static HttpResponse<String> rawGet(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oversizeBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        String hook = "/cds-services/ich-study-complete";
        String token = new org.ichcds.ItHooks(baseUrl(), fhirClient()).token(hook);
        byte[] tooBig = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(tooBig, (byte) ' ');
        HttpResponse<String> declared = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + hook))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(tooBig))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("OperationOutcome").contains("ichcds.web.max-body.cds-services");

        // chunked: no length declared, the body is counted as it arrives
        HttpResponse<String> chunked = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + hook + "/feedback"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(new byte[(64 << 10) + 1])))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("ichcds.web.max-body.feedback");
    }

    private HttpResponse<String> plainGet(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return withBody("POST", path, body, token);
    }

    private HttpResponse<String> put(String path, String body, String token) throws Exception {
        return withBody("PUT", path, body, token);
    }

    private HttpResponse<String> withBody(String method, String path, String body, String token) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .header("Content-Type", "application/fhir+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)),
                token);
    }

    private HttpResponse<String> delete(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE(), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        request.header("Accept", "application/fhir+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
