package org.ichcds.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.process.ChildProcess;

/**
 * {@code ichcds authserver} as a child process of the demo (or a benchmark): the same Java and the same application
 * (the jar, or the classes on the class path), a log file, and a wait until its metadata endpoint answers.
 */
final class AuthServerProcess implements AutoCloseable {

    // a stopped parent (Ctrl-C during --keep-running, SIGTERM) must not leave its authorization server behind
    private final ChildProcess process;
    private final URI issuer;

    private AuthServerProcess(ChildProcess process, URI issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    /** Starts it on loopback and waits (at most a minute) until it serves its metadata. */
    static AuthServerProcess start(Path clients, int port, Path signingKey, Path log) throws IOException {
        URI issuer = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, Main.class.getName()));
        }
        command.addAll(List.of(
                "authserver",
                "--clients=" + clients.toAbsolutePath(),
                "--port=" + port,
                "--signing-key=" + signingKey.toAbsolutePath()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        ChildProcess process = ChildProcess.start(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()),
                "authserver",
                Duration.ofSeconds(10));
        AuthServerProcess started = new AuthServerProcess(process, issuer);
        try {
            started.awaitReady(Duration.ofMinutes(1), log);
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    URI issuer() {
        return issuer;
    }

    URI tokenEndpoint() {
        return URI.create(issuer + "/oauth2/token");
    }

    URI jwksUri() {
        return URI.create(issuer + "/oauth2/jwks");
    }

    private void awaitReady(Duration limit, Path log) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI metadata = URI.create(issuer + "/.well-known/oauth-authorization-server");
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the authorization server stopped at start (exit "
                        + process.process().exitValue() + "); its log: " + log);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(metadata).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the authorization server", e);
            }
            sleep();
        }
        throw new IOException(
                "the authorization server did not answer within " + limit.toSeconds() + " s; its log: " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
