package org.ichcds.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
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
 * result COUNT ERRORS P50_US P99_US P999_US MAX_US SENT_PER_SECOND}.
 */
@Command(name = "open-loop-client", hidden = true, description = "Open-loop load generator (used by bench hooks).")
final class OpenLoopClientCommand implements Runnable {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "open-loop-callback");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(callbacks)
            .build();

    @Override
    public void run() {
        PrintStream out = System.out;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("ready");
            out.flush();
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] words = line.split(" ");
                if (words.length != 5 || !words[0].equals("run")) {
                    out.println("error expected: run FILE RATE SECONDS WARMUP_SECONDS");
                } else {
                    out.println(run(
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

    private String run(Path file, double rate, double seconds, double warmupSeconds) throws Exception {
        List<HttpRequest> requests = read(file);
        int warmup = (int) Math.round(rate * warmupSeconds);
        int total = warmup + (int) Math.round(rate * seconds);
        if (requests.size() < total) {
            return "error the file holds " + requests.size() + " requests, the run needs " + total;
        }
        Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        long period = Math.round(1e9 / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long measuredFrom = 0;
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (i == warmup) {
                measuredFrom = System.nanoTime();
            }
            boolean measured = i >= warmup;
            pending.add(http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, failure) -> {
                        long micros = (System.nanoTime() - due) / 1_000;
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        if (measured) {
                            synchronized (histogram) {
                                histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
                            }
                        }
                    }));
        }
        double sentPerSecond = (total - warmup) / ((System.nanoTime() - measuredFrom) / 1e9);
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null)
                .get(2, TimeUnit.MINUTES);
        synchronized (histogram) {
            return String.format(
                    Locale.ROOT,
                    "result %d %d %d %d %d %d %.1f",
                    histogram.getTotalCount(),
                    errors.get(),
                    histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99),
                    histogram.getValueAtPercentile(99.9),
                    histogram.getMaxValue(),
                    sentPerSecond);
        }
    }

    private static List<HttpRequest> read(Path file) throws Exception {
        List<HttpRequest> requests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 3);
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(parts[0])).timeout(Duration.ofSeconds(30));
            if (!parts[1].equals("-")) {
                request.header("Authorization", parts[1]);
            }
            if (parts[2].equals("-")) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(parts[2], StandardCharsets.UTF_8));
            }
            requests.add(request.build());
        }
        return requests;
    }
}
