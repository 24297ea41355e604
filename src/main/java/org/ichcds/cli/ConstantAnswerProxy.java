package org.ichcds.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ichcds.process.ChildProcess;

/**
 * Debian's HAProxy answering every request with a constant JSON document on a loopback port: what the load generator
 * and the machine cost with no Java server behind them, the floor under every open-loop figure of {@code bench hooks}.
 */
final class ConstantAnswerProxy implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/haproxy");

    final int port;
    // Ctrl-C ends the bench without its finally blocks: HAProxy would outlive it, but for the child's shutdown hook
    private final ChildProcess process;

    private ConstantAnswerProxy(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts it on a free port in {@code dir}, or says why not (HAProxy not installed, or it did not listen). */
    static Optional<ConstantAnswerProxy> start(Path dir, StringBuilder why) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            why.append(BINARY).append(" is not installed (Debian package haproxy)");
            return Optional.empty();
        }
        int port = BenchHooksCommand.freePort();
        Path config = dir.resolve("constant-answer-haproxy.cfg");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "global",
                        "  maxconn 4096",
                        "defaults",
                        "  mode http",
                        "  timeout client 30s",
                        "  timeout server 30s",
                        "  timeout connect 5s",
                        "frontend constant",
                        "  bind 127.0.0.1:" + port,
                        "  http-request return status 200 content-type application/json string \"{\\\"services\\\":[]}\"",
                        ""));
        ChildProcess process = ChildProcess.start(
                new ProcessBuilder(BINARY.toString(), "-db", "-f", config.toString())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(
                                dir.resolve("constant-answer-haproxy.log").toFile())),
                "constant-answer-haproxy",
                Duration.ofSeconds(5));
        ConstantAnswerProxy proxy = new ConstantAnswerProxy(port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return Optional.of(proxy);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        proxy.close();
        why.append("HAProxy did not listen on port ").append(port).append(" (see its log)");
        return Optional.empty();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/cds-services";
    }

    @Override
    public void close() {
        process.close();
    }
}
