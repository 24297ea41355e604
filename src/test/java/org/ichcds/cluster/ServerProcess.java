package org.ichcds.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ichcds.process.ChildProcess;

/**
 * One replica: {@code java -jar target/ichcds.jar serve --port=P --key=value ...} as its own operating-system process,
 * the way an operator runs it, with its log in a file. Secrets (passwords, the viewer key), and the list entries that
 * hold them, go in the environment ({@code SPRING_APPLICATION_JSON}) rather than on the command line, where every local
 * user could read them.
 */
final class ServerProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "ichcds.jar");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path log;
    // SIGTERM is the graceful stop (server.shutdown=graceful); SIGKILL after 20 s
    private final ChildProcess process;

    private ServerProcess(String name, int port, Path log, ChildProcess process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the replica; {@link #awaitReady()} waits until it serves. */
    static ServerProcess start(String name, int port, Map<String, String> settings, Path logDir) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: 'mvn package' builds it (verify does,"
                    + " before the integration tests)");
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g",
                // the quick compiler only: half the CPU of a start on a busy machine; the model runs in native code
                "-XX:TieredStopAtLevel=1",
                // PixelMed logs through java.util.logging: warnings and above, as the launcher runs it
                "-Djava.util.logging.config.file="
                        + Path.of("src/main/resources/logging.properties").toAbsolutePath(),
                "-jar",
                JAR.toAbsolutePath().toString(),
                "serve",
                "--port=" + port));
        Map<String, String> secrets = new TreeMap<>();
        settings.forEach((key, value) -> {
            // a list entry goes whole with them: Spring Boot binds a list from the one source that has it, so a
            // source's URL on the command line and its password in the environment would leave it without a password
            if (key.contains("password") || key.contains("secret") || key.contains("[")) {
                secrets.put(key, value);
            } else {
                command.add("--" + key + "=" + value);
            }
        });
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("SPRING_APPLICATION_JSON", new ObjectMapper().writeValueAsString(secrets));
        // as the launcher sets them (README "Model runtime")
        builder.environment().put("TF_ENABLE_ONEDNN_OPTS", "0");
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return new ServerProcess(
                name, port, log, ChildProcess.start(builder, "replica-" + name, Duration.ofSeconds(20)));
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** What the replica has logged so far. */
    String logText() throws IOException {
        return java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Waits until {@code /readyz} answers 200; fails with the end of the log if the process exits first. */
    ServerProcess awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("replica " + name + " exited during start-up (code "
                        + process.process().exitValue() + "): " + tail());
            }
            if (ready()) {
                return this;
            }
            sleep(250);
        }
        throw new IllegalStateException("replica " + name + " not ready after " + READY_TIMEOUT + ": " + tail());
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(baseUrl().resolve("/readyz"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, nothing flushed, as when a machine or a container dies. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    /** The last lines of the log, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())) + "\n(log: "
                    + log.toAbsolutePath() + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a replica");
        }
    }
}
