package org.ichcds.training.phantoms;

/**
 * Table sine for the cortical folding pattern, where {@link Math#sin} dominated the rendering time; its error
 * (below 1e-4) is far below what the pattern needs.
 */
final class Sine {

    private static final int SIZE = 4096;
    private static final double STEP = 2 * Math.PI / SIZE;
    private static final float[] TABLE = new float[SIZE + 1];

    static {
        for (int i = 0; i <= SIZE; i++) {
            TABLE[i] = (float) Math.sin(i * STEP);
        }
    }

    private Sine() {}

    static double of(double x) {
        double t = x / STEP;
        double f = Math.floor(t);
        int i = (int) ((long) f & (SIZE - 1));
        double frac = t - f;
        return TABLE[i] + frac * (TABLE[i + 1] - TABLE[i]);
    }
}
