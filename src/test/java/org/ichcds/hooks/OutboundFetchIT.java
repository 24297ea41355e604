package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side request forgery, tried through the running server: a signed hook whose {@code fhirServer}, or a study
 * whose Endpoint, points where the server may not fetch. A listener on a loopback port that nothing was configured for
 * counts the connections it receives: there must be none, and every refusal reads the same.
 */
class OutboundFetchIT extends ServerITBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STUDY_COMPLETE = "/cds-services/ich-study-complete";

    private ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void listen() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket ignored = listener.accept()) {
                    connections.incrementAndGet();
                } catch (Exception closed) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
    }

    ItHooks hooks() {
        return new ItHooks(baseUrl(), fhirClient());
    }

    @Test
    void aFhirServerTheClientMayNotNameIsNeverContacted() throws Exception {
        ItHooks.Registered study = hooks().registerPositivePhantom(909);
        int port = listener.getLocalPort();
        List<String> targets = List.of(
                "http://127.0.0.1:" + port + "/fhir",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]:" + port + "/fhir",
                "http://127.0.0.1:" + port + "@127.0.0.1:" + environment().serverPort + "/fhir",
                "http://127.0.0.1:" + environment().serverPort + "/fhir.evil/x",
                "http://127.0.0.1:" + environment().serverPort + ".evil.test/fhir");
        String first = null;
        for (String target : targets) {
            ObjectNode body = hooks().studyComplete(study);
            body.put("fhirServer", target);
            HttpResponse<String> answer = hooks().post(STUDY_COMPLETE, body, hooks().token(STUDY_COMPLETE));
            assertThat(answer.statusCode()).as(target).isIn(400, 412);
            String text = JSON.readTree(answer.body())
                    .path("issue")
                    .path(0)
                    .path("diagnostics")
                    .asText();
            assertThat(text).as(target).doesNotContain(String.valueOf(port)).doesNotContain("169.254");
            if (answer.statusCode() == 412) {
                first = first == null ? text : first;
                assertThat(text).as(target).isEqualTo(first);
            }
        }
        assertThat(first).isNotNull();
        assertThat(connections.get()).isZero();
    }

    @Test
    void anEndpointOutsideTheConfiguredSourcesIsNeverContacted() throws Exception {
        ItHooks.Registered real = hooks().registerPositivePhantom(919);
        for (String address : List.of(
                "http://127.0.0.1:" + listener.getLocalPort() + "/dicom-web",
                "http://169.254.169.254/dicom-web",
                "http://[::1]:" + listener.getLocalPort() + "/dicom-web")) {
            ItHooks.Registered elsewhere = hooks().registerElsewhere(real, URI.create(address));
            JsonNode card = hooks().cardsWhenDone(elsewhere).get(0);
            assertThat(card.path("indicator").asText()).as(address).isEqualTo("warning");
            assertThat(card.path("summary").asText()).as(address).contains("could not be retrieved");
            assertThat(card.toString()).doesNotContain(address);
        }
        assertThat(connections.get()).isZero();
    }
}
