package org.ichcds.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Drives the open-loop load generator ({@link OpenLoopClientCommand}) in a JVM of its own: the requests of a run are
 * prepared (and signed) here before the run starts, written to a file, and sent by the other process at a fixed rate.
 */
final class OpenLoop implements Closeable {

    /** What one run measured, latencies in milliseconds from each request's due time. */
    record Result(
            double rate,
            long count,
            long errors,
            double p50,
            double p99,
            double p999,
            double max,
            double sent,
            String failures) {

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%6.0f/s | %8.2f | %8.2f | %8.2f | %8.2f | %6d | %6d | %7.0f/s",
                    rate,
                    p50,
                    p99,
                    p999,
                    max,
                    count,
                    errors,
                    sent);
        }

        /**
         * The failed calls by kind: an HTTP status, "io" (connection failed or closed), "timeout" (30 s) or "unanswered"
         * (2 min); empty when none failed.
         */
        String failed() {
            return failures.equals("-") ? "" : failures.replace(":", " x ").replace(",", ", ");
        }
    }

    static final String HEADER = "  rate   |  p50 ms  |  p99 ms  | p99.9 ms |  max ms  | calls  | errors |  sent at";

    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader answers;
    private final Path dir;

    OpenLoop(Path dir) throws IOException {
        this.dir = dir;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath)); // the application jar: its own launcher finds Main
        } else {
            command.addAll(List.of("-cp", classPath, Main.class.getName()));
        }
        command.addAll(List.of("bench", "open-loop-client"));
        process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        expect("ready");
    }

    /**
     * Sends {@code rate} calls per second for {@code seconds} after {@code warmupSeconds} unmeasured; {@code call}
     * makes each request (a new token and hook instance each time).
     */
    Result run(HookLoad.Call call, double rate, double seconds, double warmupSeconds) throws IOException {
        int total = (int) Math.round(rate * warmupSeconds) + (int) Math.round(rate * seconds);
        Path file = dir.resolve("open-loop-requests.tsv");
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < total; i++) {
                writer.write(line(call.prepare()));
                writer.newLine();
            }
        }
        commands.write(String.format(Locale.ROOT, "run %s %s %s %s%n", file, rate, seconds, warmupSeconds));
        commands.flush();
        String[] words = expect("result").split(" ");
        return new Result(
                rate,
                Long.parseLong(words[1]),
                Long.parseLong(words[2]),
                Long.parseLong(words[3]) / 1e3,
                Long.parseLong(words[4]) / 1e3,
                Long.parseLong(words[5]) / 1e3,
                Long.parseLong(words[6]) / 1e3,
                Double.parseDouble(words[7]),
                words[8]);
    }

    private static String line(ClassicHttpRequest request) throws IOException {
        Header authorization = request.getFirstHeader("Authorization");
        String body = request.getEntity() == null
                ? "-"
                : new String(EntityUtils.toByteArray(request.getEntity()), StandardCharsets.UTF_8);
        if (body.contains("\n") || body.contains("\t")) {
            throw new IllegalStateException("a request body must be one line of compact JSON");
        }
        return String.join("\t", uri(request), header(authorization), body);
    }

    private static String uri(ClassicHttpRequest request) {
        try {
            return request.getUri().toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(Header header) {
        return header == null ? "-" : header.getValue();
    }

    private String expect(String word) throws IOException {
        String line = answers.readLine();
        if (line == null || !line.startsWith(word)) {
            throw new IOException("the load generator answered " + line + " instead of " + word);
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        try {
            commands.write("quit\n");
            commands.flush();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (IOException e) {
            process.destroyForcibly();
        }
    }
}
