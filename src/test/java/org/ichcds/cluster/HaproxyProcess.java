package org.ichcds.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.ItEnvironment;
import org.ichcds.process.ChildProcess;

/**
 * Debian's HAProxy in front of the replicas, as its own process ({@code haproxy -db -f haproxy.cfg}) with the
 * configuration of {@code src/test/resources/cluster/haproxy.cfg} on free loopback ports. Its stats page tells how many
 * requests each replica was given and whether it counts the replica as up.
 */
final class HaproxyProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/haproxy");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    private final int statsPort;
    private final ChildProcess process;
    private final Path log;

    private HaproxyProcess(int port, int statsPort, ChildProcess process, Path log) {
        this.port = port;
        this.statsPort = statsPort;
        this.process = process;
        this.log = log;
    }

    /** Writes the configuration for these ports and starts HAProxy. */
    static HaproxyProcess start(int port, int replicaA, int replicaB, Path dir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: install the Debian package haproxy" + " (./ichcds test installs it)");
        }
        int statsPort = ItEnvironment.freePort();
        String config = template()
                .replace("${port}", String.valueOf(port))
                .replace("${stats.port}", String.valueOf(statsPort))
                .replace("${replica.a}", String.valueOf(replicaA))
                .replace("${replica.b}", String.valueOf(replicaB));
        Files.createDirectories(dir);
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Path log = dir.resolve("haproxy.log");
        // -db: stay in the foreground, attached to this JVM; -W is not needed without reloads
        ChildProcess process = ChildProcess.start(
                new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())),
                "haproxy",
                Duration.ofSeconds(5));
        return new HaproxyProcess(port, statsPort, process, log);
    }

    static String template() {
        try (InputStream in = HaproxyProcess.class.getResourceAsStream("/cluster/haproxy.cfg")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cluster/haproxy.cfg", e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Waits until HAProxy's health checks count both replicas as up. */
    void awaitReplicasUp(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + logText());
            }
            Map<String, Map<String, String>> stats = stats();
            if ("UP".equals(field(stats, "a", "status")) && "UP".equals(field(stats, "b", "status"))) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("HAProxy does not count both replicas as up: " + stats());
    }

    /** The HTTP requests HAProxy sent to a replica ({@code a} or {@code b}) so far. */
    long requestsTo(String server) {
        String value = field(stats(), server, "req_tot");
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    String status(String server) {
        return field(stats(), server, "status");
    }

    private static String field(Map<String, Map<String, String>> stats, String server, String column) {
        Map<String, String> row = stats.get(server);
        return row == null ? null : row.get(column);
    }

    /** The backend's servers' rows of the CSV stats ({@code /stats;csv}), by server name. */
    private Map<String, Map<String, String>> stats() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> lines = response.body().lines().toList();
            List<String> header =
                    Arrays.asList(lines.get(0).replaceFirst("^# ", "").split(",", -1));
            Map<String, Map<String, String>> rows = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] values = line.split(",", -1);
                if (values.length > 1 && values[0].equals("replicas")) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < Math.min(header.size(), values.length); i++) {
                        row.put(header.get(i), values[i]);
                    }
                    rows.put(values[1], row);
                }
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "no log at " + log;
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for HAProxy");
        }
    }
}
