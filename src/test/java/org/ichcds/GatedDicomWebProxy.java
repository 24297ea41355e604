package org.ichcds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pass-through HTTP proxy between servers and the PACS that can hold the requests for a while: with the gate
 * closed an analysis is known to be under way (its series fetch has started) and cannot finish, so a fault injected
 * then lands mid-analysis every time, not when a sleep happens to be long enough.
 */
public final class GatedDicomWebProxy implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("Authorization", "Accept", "Content-Type");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
    private final AtomicInteger held = new AtomicInteger();

    /** Starts on a free loopback port, forwarding to {@code target} (a PACS's root URL). */
    public GatedDicomWebProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** The proxy's root URL; its {@code dicom-web} is the PACS's. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** From now on requests wait at the gate (up to a minute) until {@link #open()}. */
    public void closeGate() {
        held.set(0);
        gate.set(new CountDownLatch(1));
    }

    /** Lets every waiting and later request through. */
    public void open() {
        gate.get().countDown();
    }

    /** Waits until a request is held at the closed gate: an analysis has started its fetch. */
    public boolean awaitHeld(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (held.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return held.get() > 0;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            CountDownLatch current = gate.get();
            if (current.getCount() > 0) {
                held.incrementAndGet();
                current.await(1, TimeUnit.MINUTES);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            target.resolve(exchange.getRequestURI().toString().substring(1)))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), body(exchange));
            for (String name : FORWARDED) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    request.header(name, value);
                }
            }
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.headers()
                    .firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            exchange.sendResponseHeaders(response.statusCode(), 0); // chunked
            try (InputStream in = response.body();
                    OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the replica that asked is gone (killed mid-fetch): nothing to answer
        }
    }

    private static HttpRequest.BodyPublisher body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        return bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    @Override
    public void close() {
        open();
        server.stop(0);
        threads.shutdownNow();
    }
}
