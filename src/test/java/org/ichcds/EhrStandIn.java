package org.ichcds;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The EHR's FHIR server, as the server's outbox sees it: a real HTTP server on loopback that accepts every transaction
 * with 201, except that a test may have it refuse the first transactions that mention some text.
 */
public final class EhrStandIn implements AutoCloseable {

    /** One transaction received, and the status it was answered with. */
    public record Received(String body, int status) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> refusals = new ConcurrentHashMap<>();

    private EhrStandIn(HttpServer server) {
        this.server = server;
    }

    public static EhrStandIn start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        EhrStandIn ehr = new EhrStandIn(server);
        server.createContext("/fhir", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = ehr.answer(body);
            ehr.received.add(new Received(body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return ehr;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir");
    }

    /** Answers the next transactions that contain {@code text} with these statuses, then 201 again. */
    public void refuseNext(String text, Integer... statuses) {
        refusals.put(text, new CopyOnWriteArrayList<>(List.of(statuses)));
    }

    /** The transactions received that contain {@code text}. */
    public List<Received> receivedWith(String text) {
        return received.stream().filter(r -> r.body().contains(text)).toList();
    }

    private synchronized int answer(String body) {
        for (Map.Entry<String, List<Integer>> refusal : refusals.entrySet()) {
            if (body.contains(refusal.getKey()) && !refusal.getValue().isEmpty()) {
                return refusal.getValue().remove(0);
            }
        }
        return 201;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
