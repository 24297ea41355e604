package org.ichcds.cli;

import java.util.Arrays;

/** Median of repeated wall-clock measurements, in milliseconds. */
record Timings(double[] millis) {

    double median() {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The value below which {@code fraction} of the measurements lie (nearest rank). */
    double percentile(double fraction) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
