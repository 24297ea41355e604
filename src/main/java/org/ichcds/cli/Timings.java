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

    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
