package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenLoopSenderTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsFixedLengthAndChunkedAnswersAndCountsEveryCall() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"cards\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // length unknown: chunked
            for (int i = 0; i < 5; i++) {
                exchange.getResponseBody().write(("part " + i + " ").repeat(300).getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
            }
            exchange.close();
        });
        server.start();
        List<OpenLoopSender.Prepared> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            requests.add(
                    i % 2 == 0
                            ? OpenLoopSender.Prepared.of(url("/fixed"), "Bearer x", "{\"n\":" + i + "}")
                            : OpenLoopSender.Prepared.of(url("/chunked"), null, null));
        }

        try (OpenLoopSender sender = new OpenLoopSender(16)) {
            OpenLoopSender.Outcome outcome = sender.run(requests, 300, 10, 30);

            assertThat(outcome.errors()).isZero();
            assertThat(outcome.failures()).isEmpty();
            assertThat(outcome.count()).isEqualTo(50); // the 10 warm-up calls are sent, not measured
            assertThat(bodies).hasSize(30).contains("{\"n\":0}", "{\"n\":58}");
            assertThat(outcome.max()).isLessThan(30_000_000);
        }
    }

    /**
     * One slow answer from a server that answers one call at a time delays every call due meanwhile; timed from their
     * due times they all show it. A generator that waited for each answer before sending the next would have measured
     * one slow call of 200, below its 99th percentile.
     */
    @Test
    void aStallCountsAgainstEveryCallDueDuringIt() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", exchange -> {
            if (seen.incrementAndGet() == 100) {
                sleep(300);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        List<OpenLoopSender.Prepared> requests =
                Collections.nCopies(200, OpenLoopSender.Prepared.of(url("/"), null, null));

        try (OpenLoopSender sender = new OpenLoopSender(64)) {
            // 100 calls a second leaves the one-thread server 10 ms per call, so a busy machine does not queue them
            OpenLoopSender.Outcome outcome = sender.run(requests, 100, 0, 30);

            assertThat(outcome.errors()).isZero();
            assertThat(outcome.count()).isEqualTo(200);
            assertThat(outcome.max()).isGreaterThanOrEqualTo(300_000);
            // about 30 calls were due during the 300 ms: a third of them (5 % of all) waited 200 ms or more
            assertThat(outcome.p99()).isGreaterThanOrEqualTo(200_000);
            assertThat(outcome.p50()).isLessThan(100_000);
        }
    }

    @Test
    void failedCallsAreCountedByStatus() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(seen.incrementAndGet() % 4 == 0 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        List<OpenLoopSender.Prepared> requests =
                Collections.nCopies(40, OpenLoopSender.Prepared.of(url("/"), null, null));

        try (OpenLoopSender sender = new OpenLoopSender(8)) {
            OpenLoopSender.Outcome outcome = sender.run(requests, 400, 0, 30);

            assertThat(outcome.errors()).isEqualTo(10);
            assertThat(outcome.failures()).isEqualTo(Map.of("503", 10));
        }
    }

    /** A server that closes each connection after its answer without saying so: the next call goes on a new one. */
    @Test
    void aConnectionClosedByTheServerIsNotCountedAsAFailedCall() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> answerOnceAndClose(socket));
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + socket.getLocalPort() + "/x";
            List<OpenLoopSender.Prepared> requests =
                    Collections.nCopies(20, OpenLoopSender.Prepared.of(url, null, "{}"));

            try (OpenLoopSender sender = new OpenLoopSender(1)) {
                OpenLoopSender.Outcome outcome = sender.run(requests, 100, 0, 30);

                assertThat(outcome.failures()).isEmpty();
                assertThat(outcome.count()).isEqualTo(20);
            }
        }
    }

    @Test
    void onlyPlainHttpIsSpoken() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OpenLoopSender.Prepared.of("https://127.0.0.1/cds-services", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain HTTP");
    }

    private static void answerOnceAndClose(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                int matched = 0;
                // the head ends at an empty line; the body is "{}" (Content-Length: 2)
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                in.readNBytes(2);
                OutputStream out = connection.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                return;
            }
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
