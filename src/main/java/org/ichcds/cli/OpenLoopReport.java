package org.ichcds.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The open-loop table of {@code bench hooks}: each workload at each arrival rate, latencies from the due time of each
 * request (HdrHistogram), and the highest rate tried at which p99 stays within the target.
 */
final class OpenLoopReport {

    private static final double WARMUP_SECONDS = 2;

    private final PrintWriter out;
    private final List<Double> rates;
    private final double seconds;
    private final double targetMillis;

    OpenLoopReport(PrintWriter out, List<Double> rates, double seconds, double targetMillis) {
        this.out = out;
        this.rates = rates.stream().sorted().toList();
        this.seconds = seconds;
        this.targetMillis = targetMillis;
    }

    /**
     * Runs every workload at the rates in ascending order, in a generator process started in {@code dir}. The workload
     * named {@code floor} is the one the later ones are compared with: their p99 over its p99 at the same rate.
     */
    void print(Path dir, Map<String, HookLoad.Call> workloads, String floor) throws IOException, InterruptedException {
        out.printf(
                Locale.ROOT,
                "open loop: requests due at fixed intervals, sent by a load generator in its own JVM; latency from each"
                        + " request's due time (no coordinated omission); %.0f s per rate after %.0f s unmeasured%n",
                seconds,
                WARMUP_SECONDS);
        Map<Double, OpenLoop.Result> floorResults = new java.util.HashMap<>();
        boolean afterFloor = false;
        try (OpenLoop generator = new OpenLoop(dir)) {
            for (Map.Entry<String, HookLoad.Call> workload : workloads.entrySet()) {
                Map<Double, OpenLoop.Result> results = runLadder(
                        generator, workload.getKey(), workload.getValue(), afterFloor ? floorResults : Map.of());
                if (workload.getKey().equals(floor)) {
                    floorResults.putAll(results);
                    afterFloor = true;
                }
            }
        }
        out.flush();
    }

    private Map<Double, OpenLoop.Result> runLadder(
            OpenLoop generator, String name, HookLoad.Call call, Map<Double, OpenLoop.Result> floor)
            throws IOException, InterruptedException {
        out.println(name);
        out.println(OpenLoop.HEADER + (floor.isEmpty() ? "" : " | p99 / floor's"));
        Map<Double, OpenLoop.Result> results = new java.util.LinkedHashMap<>();
        double highest = 0;
        for (double rate : rates) {
            OpenLoop.Result result = generator.run(call, rate, seconds, WARMUP_SECONDS);
            results.put(rate, result);
            OpenLoop.Result base = floor.get(rate);
            out.println(
                    base == null
                            ? result.describe()
                            : result.describe() + String.format(Locale.ROOT, " | %6.1f", result.p99() / base.p99()));
            if (!result.failed().isEmpty()) {
                out.println("    failed calls: " + result.failed());
            }
            out.flush();
            if (!withinTarget(result)) {
                out.printf(
                        Locale.ROOT,
                        "  (higher rates not run: p99 above %.0f ms, or errors, at %.0f/s)%n",
                        targetMillis,
                        rate);
                break;
            }
            highest = rate;
            Thread.sleep(1_000); // let the server settle between rates
        }
        out.printf(
                Locale.ROOT,
                "  highest rate tried with p99 <= %.0f ms and no errors: %s%n",
                targetMillis,
                highest == 0 ? "none" : String.format(Locale.ROOT, "%.0f calls/s", highest));
        return results;
    }

    private boolean withinTarget(OpenLoop.Result result) {
        // a generator that could not send at the rate would hide queueing: such a run does not count
        return result.errors() == 0 && result.p99() <= targetMillis && result.sent() >= 0.95 * result.rate();
    }
}
