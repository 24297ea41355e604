package org.ichcds.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * The open-loop load generator of {@code bench hooks}, run in a JVM of its own so that it shares neither heap, JIT nor
 * GC with the server it measures. It reads commands on standard input, one per line:
 *
 * <pre>run FILE RATE SECONDS WARMUP_SECONDS</pre>
 *
 * where FILE holds one prepared request per line ({@code URL TAB AUTHORIZATION TAB BODY}, "-" for none; a request
 * without a body is a GET). Requests leave at fixed intervals (1/RATE), whether or not earlier ones have been answered,
 * and each latency is taken from the moment its request was due, not from when it was sent: a stalled server shows as
 * latency of every request that should have left meanwhile (no coordinated omission). The answer is one line: {@code
 * result COUNT ERRORS P50_US P99_US P999_US MAX_US SENT_PER_SECOND FAILURES}, FAILURES counting the failed calls by
 * status code as {@code 503:2,io:1} ("-" for none). The requests go out through {@link
 * OpenLoopSender}, at most {@value #MAX_CONNECTIONS} connections at once.
 */
@Command(name = "open-loop-client", hidden = true, description = "Open-loop load generator (used by bench hooks).")
final class OpenLoopClientCommand implements Runnable {

    static final int MAX_CONNECTIONS = 512;

    @Override
    public void run() {
        PrintStream out = System.out;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                OpenLoopSender sender = new OpenLoopSender(MAX_CONNECTIONS)) {
            out.println("ready");
            out.flush();
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] words = line.split(" ");
                if (words.length != 5 || !words[0].equals("run")) {
                    out.println("error expected: run FILE RATE SECONDS WARMUP_SECONDS");
                } else {
                    out.println(run(
                            sender,
                            Path.of(words[1]),
                            Double.parseDouble(words[2]),
                            Double.parseDouble(words[3]),
                            Double.parseDouble(words[4])));
                }
                out.flush();
            }
        } catch (Exception e) {
            out.println("error " + e);
        }
    }

    private static String run(OpenLoopSender sender, Path file, double rate, double seconds, double warmupSeconds)
            throws Exception {
        List<OpenLoopSender.Prepared> requests = read(file);
        int warmup = (int) Math.round(rate * warmupSeconds);
        int total = warmup + (int) Math.round(rate * seconds);
        if (requests.size() < total) {
            return "error the file holds " + requests.size() + " requests, the run needs " + total;
        }
        OpenLoopSender.Outcome outcome = sender.run(requests.subList(0, total), rate, warmup, 120);
        return String.format(
                Locale.ROOT,
                "result %d %d %d %d %d %d %.1f %s",
                outcome.count(),
                outcome.errors(),
                outcome.p50(),
                outcome.p99(),
                outcome.p999(),
                outcome.max(),
                outcome.sentPerSecond(),
                failures(outcome.failures()));
    }

    /** The failed calls by status code, "io" or "timeout", as {@code 401:3,io:1}; "-" for none. */
    private static String failures(java.util.Map<String, Integer> failures) {
        return failures.isEmpty()
                ? "-"
                : failures.entrySet().stream()
                        .map(entry -> entry.getKey() + ":" + entry.getValue())
                        .collect(java.util.stream.Collectors.joining(","));
    }

    static List<OpenLoopSender.Prepared> read(Path file) throws Exception {
        List<OpenLoopSender.Prepared> requests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 3);
            requests.add(OpenLoopSender.Prepared.of(
                    parts[0], parts[1].equals("-") ? null : parts[1], parts[2].equals("-") ? null : parts[2]));
        }
        return requests;
    }
}
