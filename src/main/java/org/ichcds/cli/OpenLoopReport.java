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

    /** Runs every workload at the rates in ascending order, in a generator process started in {@code dir}. */
    void print(Path dir, Map<String, HookLoad.Call> workloads) throws IOException, InterruptedException {
        out.printf(
                Locale.ROOT,
                "open loop: requests due at fixed intervals, sent by a load generator in its own JVM; latency from each"
                        + " request's due time (no coordinated omission); %.0f s per rate after %.0f s unmeasured%n",
                seconds,
                WARMUP_SECONDS);
        try (OpenLoop generator = new OpenLoop(dir)) {
            for (Map.Entry<String, HookLoad.Call> workload : workloads.entrySet()) {
                runLadder(generator, workload.getKey(), workload.getValue());
            }
        }
        out.flush();
    }

    private void runLadder(OpenLoop generator, String name, HookLoad.Call call)
            throws IOException, InterruptedException {
        out.println(name);
        out.println(OpenLoop.HEADER);
        double highest = 0;
        for (double rate : rates) {
            OpenLoop.Result result = generator.run(call, rate, seconds, WARMUP_SECONDS);
            out.println(result.describe());
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
    }

    private boolean withinTarget(OpenLoop.Result result) {
        // a generator that could not send at the rate would hide queueing: such a run does not count
        return result.errors() == 0 && result.p99() <= targetMillis && result.sent() >= 0.95 * result.rate();
    }
}
