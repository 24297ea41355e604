package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.ichcds.http.AddressPolicy;
import org.ichcds.http.AllowedBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Prefetch against a real HTTP server standing in for the EHR's FHIR server. */
class PrefetchTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final CdsServiceDefinition SERVICE = new CdsServiceDefinition(
            "ich-order-sign",
            "order-sign",
            "t",
            "d",
            Map.of(
                    "patient", "Patient/{{context.patientId}}",
                    "reports", "DiagnosticReport?patient={{context.patientId}}&_count=5",
                    "author", "PractitionerRole/{{userPractitionerRoleId}}",
                    "me", "Practitioner/{{userPractitionerId}}"),
            null,
            null);

    private HttpServer ehr;
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void startEhr() throws IOException {
        ehr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ehr.createContext("/r4/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            String body;
            int status = 200;
            if (path.endsWith("/DiagnosticReport")) {
                body = FHIR.newJsonParser().encodeResourceToString(new Bundle().setType(Bundle.BundleType.SEARCHSET));
            } else if (path.endsWith("/PractitionerRole/123")) {
                status = 403;
                body = "{}";
            } else {
                status = 404;
                body = "{}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        ehr.start();
    }

    @AfterEach
    void stopEhr() {
        ehr.stop(0);
    }

    private static final CloseableHttpClient LOOPBACK_ALLOWED = Prefetch.httpClient(new AddressPolicy(true, false));

    private String ehrBase() {
        return "http://127.0.0.1:" + ehr.getAddress().getPort() + "/r4";
    }

    private Prefetch prefetch(ObjectNode body) {
        body.put("fhirServer", ehrBase());
        HookRequest request = new HookRequestParser(true).parse(SERVICE, body);
        return new Prefetch(SERVICE, request, FHIR, LOOPBACK_ALLOWED, List.of(AllowedBase.parse(ehrBase())), true);
    }

    @Test
    void usesWhatWasPrefetchedAndFetchesTheRestWithTheBearerToken() throws IOException {
        Prefetch prefetch = prefetch(HookRequestParserTest.fixture("order-sign-request.json"));
        assertThat(prefetch.get("patient")).get().isInstanceOf(Patient.class);
        assertThat(requests).isEmpty();

        assertThat(prefetch.get("reports")).get().isInstanceOf(Bundle.class);
        assertThat(requests).containsExactly("/r4/DiagnosticReport?patient=1288992&_count=5");
        assertThat(authorizations).containsExactly("Bearer some-opaque-fhir-access-token");

        prefetch.get("reports");
        assertThat(requests).hasSize(1);
    }

    @Test
    void readNotFoundIsEmptyAndRefusalIs412() throws IOException {
        ObjectNode body = HookRequestParserTest.fixture("order-sign-request.json");
        body.remove("prefetch");
        Prefetch prefetch = prefetch(body);
        assertThat(prefetch.get("patient")).isEmpty();
        assertThatThrownBy(() -> prefetch.get("author"))
                .isInstanceOfSatisfying(
                        CdsRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED))
                .hasMessageContaining("answered 403");
        assertThatThrownBy(() -> prefetch.get("me")).hasMessageContaining("{{userPractitionerId}}");
    }

    @Test
    void noPrefetchAndNoFhirServerIs412() throws IOException {
        ObjectNode body = HookRequestParserTest.fixture("study-complete-request.json");
        body.remove("fhirServer");
        CdsServiceDefinition service = new CdsServiceDefinition(
                "s",
                "study-complete",
                "t",
                "d",
                Map.of("imagingStudy", "ImagingStudy/{{context.imagingStudyId}}"),
                null,
                null);
        HookRequest request = new HookRequestParser(false).parse(service, body);
        Prefetch prefetch = new Prefetch(service, request, FHIR, LOOPBACK_ALLOWED, List.of(), false);
        assertThatThrownBy(() -> prefetch.get("imagingStudy"))
                .isInstanceOfSatisfying(
                        CdsRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED))
                .hasMessageContaining("no fhirServer");
    }

    @Test
    void unreachableFhirServerIs412() throws IOException {
        ObjectNode body = HookRequestParserTest.fixture("order-sign-request.json");
        Prefetch prefetch = prefetch(body);
        ehr.stop(0);
        assertThatThrownBy(() -> prefetch.get("reports"))
                .isInstanceOf(CdsRequestException.class)
                .hasMessageContaining("could not be fetched from fhirServer");
    }

    /**
     * A fhirServer the client may not name, or one on an address the server may not reach, is never connected to,
     * and the caller gets exactly the answer an unreachable server gets.
     */
    @Test
    void aFhirServerOutsideTheClientsListOrOnAForbiddenAddressIsNeverContacted() throws IOException {
        String unreachable = "prefetch 'reports' could not be fetched from fhirServer; send it as prefetch data or"
                + " make fhirServer reachable for this service";
        List<String> refused = List.of(
                "http://127.0.0.1:" + ehr.getAddress().getPort() + "/other", // not under the allowed base path
                "http://localhost.:" + ehr.getAddress().getPort() + "/r4", // another host name
                "http://user@127.0.0.1:" + ehr.getAddress().getPort() + "/r4", // userinfo trick
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]:" + ehr.getAddress().getPort() + "/r4");
        for (String fhirServer : refused) {
            ObjectNode body = HookRequestParserTest.fixture("order-sign-request.json");
            body.put("fhirServer", fhirServer);
            HookRequest request = new HookRequestParser(true).parse(SERVICE, body);
            Prefetch prefetch =
                    new Prefetch(SERVICE, request, FHIR, LOOPBACK_ALLOWED, List.of(AllowedBase.parse(ehrBase())), true);
            assertThatThrownBy(() -> prefetch.get("reports")).as(fhirServer).hasMessage(unreachable);
        }
        // allowed by the client's list, but loopback is not allowed to this server: refused when connecting
        ObjectNode body = HookRequestParserTest.fixture("order-sign-request.json");
        body.put("fhirServer", ehrBase());
        HookRequest request = new HookRequestParser(true).parse(SERVICE, body);
        Prefetch strict = new Prefetch(
                SERVICE,
                request,
                FHIR,
                Prefetch.httpClient(AddressPolicy.strict()),
                List.of(AllowedBase.parse(ehrBase())),
                true);
        assertThatThrownBy(() -> strict.get("reports")).hasMessage(unreachable);
        assertThat(requests).isEmpty();
    }
}
