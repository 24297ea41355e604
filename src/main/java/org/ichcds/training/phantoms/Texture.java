package org.ichcds.training.phantoms;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What a reconstruction kernel does to an image: how strongly the noise of neighbouring pixels is correlated (filtered
 * back-projection with a smooth kernel gives coarse, blotchy noise, a sharp kernel fine, grainy noise), how much it
 * smooths or enhances edges, and how much noise it lets through.
 *
 * @param kernel the ConvolutionKernel written in the files
 * @param correlationX weight of the left and right neighbours in the noise
 * @param correlationY weight of the neighbours above and below (differs from x only in the held-out style)
 * @param sharpen side weight of a 3-tap filter applied to the noise-free image: above 0 smooths, below 0 sharpens
 * @param noiseFactor noise relative to a standard soft-tissue kernel
 * @param correlation2 weight of the pixels two away in each direction (above 0 only in the alternate style: coarser,
 *     blotchier noise than any kernel of the other styles makes)
 */
record Texture(
        String kernel,
        double correlationX,
        double correlationY,
        double sharpen,
        double noiseFactor,
        double correlation2) {

    /** A texture whose noise is correlated with the four nearest neighbours only. */
    Texture(String kernel, double correlationX, double correlationY, double sharpen, double noiseFactor) {
        this(kernel, correlationX, correlationY, sharpen, noiseFactor, 0);
    }

    /** The classic style's noise: neighbour weight 0.35, no edge filter. */
    static final Texture CLASSIC = new Texture("", 0.35, 0.35, 0, 1);

    /**
     * Soft-tissue head kernels of several vendors, smooth to sharp. None carries a keyword the series-selection rules
     * read as a bone or lung reconstruction.
     */
    static final List<Texture> KERNELS = List.of(
            new Texture("H20s", 0.55, 0.55, 0.18, 0.75),
            new Texture("SOFT", 0.5, 0.5, 0.12, 0.8),
            new Texture("FC21", 0.45, 0.45, 0.08, 0.9),
            new Texture("UB", 0.4, 0.4, 0.04, 0.95),
            new Texture("H30s", 0.35, 0.35, 0, 1),
            new Texture("STANDARD", 0.35, 0.35, 0, 1),
            new Texture("J30s", 0.33, 0.33, 0, 1),
            new Texture("H31s", 0.3, 0.3, -0.05, 1.05),
            new Texture("FC26", 0.25, 0.25, -0.1, 1.15),
            new Texture("H37s", 0.2, 0.2, -0.15, 1.25),
            new Texture("Hr38", 0.15, 0.15, -0.2, 1.35));

    static Texture draw(SplittableRandom r, PhantomStyle style) {
        Texture t = KERNELS.get(r.nextInt(KERNELS.size()));
        if (style == PhantomStyle.ALTERNATE) {
            return new Texture(
                    t.kernel, t.correlationX, t.correlationY, t.sharpen, t.noiseFactor, 0.3 + 0.3 * r.nextDouble());
        }
        if (style != PhantomStyle.HELDOUT) {
            return t;
        }
        // the held-out style's noise is streaky along one image axis, a texture the randomised style never makes
        double strong = 0.55 + 0.2 * r.nextDouble();
        double weak = 0.05 * r.nextDouble();
        return r.nextBoolean()
                ? new Texture(t.kernel, strong, weak, t.sharpen, t.noiseFactor)
                : new Texture(t.kernel, weak, strong, t.sharpen, t.noiseFactor);
    }

    /** Applies the kernel's separable 3-tap filter (a, 1 - 2a, a) along rows, then columns. */
    void sharpen(float[] hu, int n) {
        float[] tmp = new float[hu.length];
        float side = (float) sharpen;
        float centre = 1 - 2 * side;
        for (int row = 0; row < n; row++) {
            int o = row * n;
            tmp[o] = hu[o];
            tmp[o + n - 1] = hu[o + n - 1];
            for (int col = 1; col < n - 1; col++) {
                tmp[o + col] = centre * hu[o + col] + side * (hu[o + col - 1] + hu[o + col + 1]);
            }
        }
        System.arraycopy(tmp, 0, hu, 0, n);
        System.arraycopy(tmp, (n - 1) * n, hu, (n - 1) * n, n);
        for (int row = 1; row < n - 1; row++) {
            int o = row * n;
            for (int col = 0; col < n; col++) {
                hu[o + col] = centre * tmp[o + col] + side * (tmp[o + col - n] + tmp[o + col + n]);
            }
        }
    }

    /**
     * Adds correlated noise of standard deviation {@code sigma} made from the white noise {@code white}: each pixel's
     * own white noise and its four nearest neighbours', and in the alternate style the four pixels two away too.
     */
    void noise(float[] hu, float[] white, int n, double sigma) {
        // each neighbour adds its weight squared to the variance: divide it out so that sigma stays as drawn
        double scale = sigma
                / Math.sqrt(1
                        + 2 * correlationX * correlationX
                        + 2 * correlationY * correlationY
                        + 4 * correlation2 * correlation2);
        boolean coarse = correlation2 > 0;
        int edge = coarse ? 2 : 1;
        for (int row = edge; row < n - edge; row++) {
            for (int col = edge; col < n - edge; col++) {
                int i = row * n + col;
                double w = white[i]
                        + correlationX * (white[i - 1] + white[i + 1])
                        + correlationY * (white[i - n] + white[i + n]);
                if (coarse) {
                    w += correlation2 * (white[i - 2] + white[i + 2] + white[i - 2 * n] + white[i + 2 * n]);
                }
                hu[i] += (float) (w * scale);
            }
        }
    }
}
