package org.ichcds.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap in use right after a full collection, sampled over a run, and the slope of the line fitted through the
 * samples (least squares): what is left after a GC is what the process keeps, so a slope near zero over a long steady
 * load means nothing grows with traffic.
 */
final class HeapCurve {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** One sample: minutes since the start, heap after GC in MB, calls sent so far. */
    record Sample(double minutes, double heapMb, long calls) {}

    private final List<Sample> samples = new ArrayList<>();

    /** Collects (System.gc(): a full collection on G1 and the other collectors of the JDK) and records the heap. */
    Sample sample(double minutes, long calls) {
        System.gc();
        Sample sample = new Sample(minutes, MEMORY.getHeapMemoryUsage().getUsed() / 1e6, calls);
        samples.add(sample);
        return sample;
    }

    void add(Sample sample) {
        samples.add(sample);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** MB per minute of the least-squares line through the samples taken at or after {@code fromMinute}. */
    double slopeFrom(double fromMinute) {
        List<Sample> used =
                samples.stream().filter(s -> s.minutes() >= fromMinute).toList();
        if (used.size() < 2) {
            return Double.NaN;
        }
        double meanX = used.stream().mapToDouble(Sample::minutes).average().orElseThrow();
        double meanY = used.stream().mapToDouble(Sample::heapMb).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Sample s : used) {
            covariance += (s.minutes() - meanX) * (s.heapMb() - meanY);
            variance += (s.minutes() - meanX) * (s.minutes() - meanX);
        }
        return variance == 0 ? Double.NaN : covariance / variance;
    }
}
