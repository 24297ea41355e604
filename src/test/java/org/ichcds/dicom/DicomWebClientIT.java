package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, timeouts and error messages of the client against a scripted HTTP server on loopback. */
class DicomWebClientIT {

    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> authorizations = new ArrayList<>();
    private HttpServer server;
    private volatile int failuresBeforeSuccess;
    private volatile int failureStatus = 503;
    private volatile long delayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dicom-web/", exchange -> {
            int call = calls.incrementAndGet();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            sleep(delayMillis);
            byte[] body = "[]".getBytes(StandardCharsets.US_ASCII);
            int status = call <= failuresBeforeSuccess ? failureStatus : 200;
            exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DicomWebClient client(Credentials credentials, int retries, Duration readTimeout) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
        return new DicomWebClient(
                new DicomWebEndpoint(base, credentials),
                new DicomWebSettings(Duration.ofSeconds(2), readTimeout, retries, Duration.ofMillis(5)));
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        failuresBeforeSuccess = 2;
        assertThat(client(Credentials.bearer("tok"), 3, Duration.ofSeconds(5)).searchSeries("1.2.3"))
                .isEmpty();
        assertThat(calls).hasValue(3);
        assertThat(authorizations).containsOnly("Bearer tok");
    }

    @Test
    void givesUpAfterTheLastRetryWithTheStatus() {
        failuresBeforeSuccess = 100;
        failureStatus = 500;
        assertThatThrownBy(() ->
                        client(Credentials.none(), 2, Duration.ofSeconds(5)).searchSeries("1.2.3"))
                .isInstanceOf(DicomWebException.class)
                .hasMessageContaining("answered 500")
                .hasMessageContaining("GET /studies/1.2.3/series");
        assertThat(calls).hasValue(3);
    }

    @Test
    void doesNotRetryClientErrors() {
        failuresBeforeSuccess = 100;
        failureStatus = 403;
        assertThatThrownBy(() -> client(Credentials.basic("u", "p"), 3, Duration.ofSeconds(5))
                        .searchSeries("1.2.3"))
                .hasMessageEndingWith("answered 403 Forbidden: check the credentials");
        assertThat(calls).hasValue(1);
    }

    @Test
    void timesOutAnAnswerThatDoesNotCome() {
        delayMillis = 1500;
        assertThatThrownBy(() ->
                        client(Credentials.none(), 0, Duration.ofMillis(200)).searchSeries("1.2.3"))
                .isInstanceOf(DicomWebException.class)
                .hasMessageContaining("gave no answer within 200 ms after 1 attempt");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
