package org.ichcds.training.calibration;

import java.util.function.DoubleUnaryOperator;

/** Golden-section search for the minimum of a unimodal function of one variable on an interval. */
final class GoldenSection {

    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private GoldenSection() {}

    /** The middle of the bracket left after {@code iterations} shrinking steps of {@code [lo, hi]}. */
    static double minimise(DoubleUnaryOperator f, double lo, double hi, int iterations) {
        double x1 = hi - GOLDEN * (hi - lo);
        double x2 = lo + GOLDEN * (hi - lo);
        double f1 = f.applyAsDouble(x1);
        double f2 = f.applyAsDouble(x2);
        for (int i = 0; i < iterations; i++) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - GOLDEN * (hi - lo);
                f1 = f.applyAsDouble(x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + GOLDEN * (hi - lo);
                f2 = f.applyAsDouble(x2);
            }
        }
        return (lo + hi) / 2;
    }
}
