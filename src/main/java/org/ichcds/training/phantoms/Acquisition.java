package org.ichcds.training.phantoms;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Scanner settings and artefacts of one series: quantum noise (slightly correlated, as filtered back-projection
 * makes it), beam-hardening streaks and the dark band between the petrous bones at the skull base, optional
 * streak artefacts higher up, out-of-field padding and the pixel storage format. The randomised styles add the
 * kernel's noise texture and sharpness, cupping (beam hardening of the whole head) and a PixelPaddingValue.
 *
 * @param texture how the kernel shapes the noise and the edges ({@link Texture#CLASSIC} for the classic style)
 * @param cupping HU lost at the centre of the head by beam hardening (0 = none)
 * @param streakStrength scale of the skull-base streaks
 * @param paddingTag whether the files declare the padding in PixelPaddingValue
 */
record Acquisition(
        int kvp,
        String kernel,
        double noiseSigma,
        double paddingHu,
        Storage storage,
        boolean extraStreaks,
        Texture texture,
        double cupping,
        double streakStrength,
        boolean paddingTag) {

    /** Soft-tissue head kernels of several vendors (the series-selection rules expect one of these). */
    private static final List<String> KERNELS = List.of("H30s", "STANDARD", "FC21", "J30s", "UB", "SOFT");

    /** How pixels are stored: DICOM PS3.3 C.7.6.3.1 (PixelRepresentation 0 = unsigned, 1 = two's complement). */
    enum Storage {
        SIGNED_16(16, 1, -1024),
        SIGNED_16_ZERO_INTERCEPT(16, 1, 0),
        UNSIGNED_12(12, 0, -1024),
        /**
         * 12-bit unsigned with an intercept near 0 whose values wrapped modulo 4096, as in some RSNA 2019 files: the
         * reader's wrap fix (stored + 1000 mod 4096, intercept -1000) gives the HU back, from -1000 to 3095.
         */
        WRAPPED_12(12, 0, 0);

        /** Lowest HU the wrapped storage keeps (stored 3096 wraps to 0, i.e. -1000 HU). */
        static final int WRAPPED_LOWEST_HU = -1000;

        final int bitsStored;
        final int pixelRepresentation;
        final int intercept;

        Storage(int bitsStored, int pixelRepresentation, int intercept) {
            this.bitsStored = bitsStored;
            this.pixelRepresentation = pixelRepresentation;
            this.intercept = intercept;
        }

        short raw(double hu) {
            if (this == WRAPPED_12) {
                return (short) Math.floorMod(Math.max(WRAPPED_LOWEST_HU, Math.min(3095, Math.round(hu))), 4096);
            }
            long v = Math.round(hu) - intercept;
            long lo = pixelRepresentation == 0 ? 0 : Short.MIN_VALUE;
            long hi = pixelRepresentation == 0 ? (1L << bitsStored) - 1 : Short.MAX_VALUE;
            return (short) Math.max(lo, Math.min(hi, v));
        }
    }

    static Acquisition random(SplittableRandom r, Mimics mimics) {
        double s = r.nextDouble();
        Storage storage =
                s < 0.5 ? Storage.SIGNED_16 : (s < 0.7 ? Storage.SIGNED_16_ZERO_INTERCEPT : Storage.UNSIGNED_12);
        double padding = Double.NaN;
        if (storage != Storage.UNSIGNED_12 && r.nextDouble() < 0.45) {
            padding = r.nextBoolean() ? -2048 : -3024;
        }
        int kvp = r.nextDouble() < 0.8 ? 120 : (r.nextBoolean() ? 100 : 140);
        return new Acquisition(
                kvp,
                KERNELS.get(r.nextInt(KERNELS.size())),
                3 + 9 * r.nextDouble(),
                padding,
                storage,
                mimics.streaks(),
                Texture.CLASSIC,
                0,
                1,
                false);
    }

    /**
     * Adds noise and streaks to a slice and writes the padding outside the reconstruction circle.
     *
     * @param skullBase 0 above the skull base .. 1 at the lowest slices: strength of the beam-hardening streaks
     * @param apices pixel coordinates (x1, y1, x2, y2) of the two petrous apices in this slice
     * @param moving whether the head moved during this slice's rotation: its projections disagree, giving streaks
     */
    void degrade(
            float[] hu, int n, double pixel, double skullBase, double[] apices, boolean moving, SplittableRandom r) {
        if (skullBase > 0) {
            streaks(hu, n, pixel, apices, streakStrength == 1 ? skullBase : skullBase * streakStrength, r);
        }
        if (extraStreaks && r.nextDouble() < 0.3) {
            double[] p = {n * (0.35 + 0.3 * r.nextDouble()), n * (0.35 + 0.3 * r.nextDouble()), 0, 0};
            p[2] = p[0] + 1;
            p[3] = p[1];
            streaks(hu, n, pixel, p, 0.6, r);
        }
        if (moving) {
            double[] p = {n / 2.0, n / 2.0, n / 2.0 + 1, n / 2.0};
            streaks(hu, n, pixel, p, 1.2, r);
        }
        if (texture.sharpen() != 0) {
            texture.sharpen(hu, n);
        }
        if (cupping > 0) {
            cup(hu, n, pixel);
        }
        noise(hu, n, r);
        if (!Double.isNaN(paddingHu)) {
            double radius = n / 2.0 - 0.5;
            for (int row = 0; row < n; row++) {
                for (int col = 0; col < n; col++) {
                    double dx = col - (n - 1) / 2.0;
                    double dy = row - (n - 1) / 2.0;
                    if (dx * dx + dy * dy > radius * radius) {
                        hu[row * n + col] = (float) paddingHu;
                    }
                }
            }
        }
    }

    private void noise(float[] hu, int n, SplittableRandom r) {
        float[] white = new float[n * n];
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) r.nextGaussian();
        }
        if (texture != Texture.CLASSIC) {
            texture.noise(hu, white, n, noiseSigma);
            return;
        }
        // neighbour weight 0.35: a little spatial correlation; 1.49 = 1 + 4 * 0.35^2 keeps sigma as drawn
        double scale = noiseSigma / Math.sqrt(1.49);
        for (int row = 1; row < n - 1; row++) {
            for (int col = 1; col < n - 1; col++) {
                int i = row * n + col;
                double w = white[i] + 0.35 * (white[i - 1] + white[i + 1] + white[i - n] + white[i + n]);
                hu[i] += (float) (w * scale);
            }
        }
    }

    /**
     * Beam hardening of the whole head: the centre of the brain reads darker than its periphery (cupping), by up to
     * {@code cupping} HU, falling off over a 75 mm radius.
     */
    private void cup(float[] hu, int n, double pixel) {
        double radius = 75 / pixel;
        double c = (n - 1) / 2.0;
        for (int row = 0; row < n; row++) {
            double dy = (row - c) / radius;
            for (int col = 0; col < n; col++) {
                double dx = (col - c) / radius;
                double w = 1 - dx * dx - dy * dy;
                int i = row * n + col;
                if (w > 0 && hu[i] > -200 && hu[i] < 200) {
                    hu[i] -= (float) (cupping * w);
                }
            }
        }
    }

    private static void streaks(float[] hu, int n, double pixel, double[] p, double strength, SplittableRandom r) {
        int count = 4 + r.nextInt(5);
        double width = 1.6 / pixel;
        for (int k = 0; k < count; k++) {
            double angle = Math.PI * r.nextDouble();
            double amp = strength * (k % 2 == 0 ? -1 : 1) * (12 + 22 * r.nextDouble());
            line(hu, n, pixel, p[(k % 2) * 2], p[(k % 2) * 2 + 1], Math.cos(angle), Math.sin(angle), width, amp);
        }
        double bar = -strength * (18 + 20 * r.nextDouble());
        double half = 4 / pixel;
        int x0 = (int) Math.max(0, Math.min(p[0], p[2]) - half);
        int x1 = (int) Math.min(n - 1, Math.max(p[0], p[2]) + half);
        int y0 = (int) Math.max(0, Math.min(p[1], p[3]) - half);
        int y1 = (int) Math.min(n - 1, Math.max(p[1], p[3]) + half);
        for (int row = y0; row <= y1; row++) {
            for (int col = x0; col <= x1; col++) {
                hu[row * n + col] += (float) (bar * band(col, row, p, half));
            }
        }
    }

    /** A streak through (ox, oy) along (c, s): a Gaussian profile across, fading along it with distance. */
    private static void line(
            float[] hu, int n, double pixel, double ox, double oy, double c, double s, double width, double amp) {
        boolean byColumn = Math.abs(c) >= Math.abs(s);
        double reach = 3 * width / Math.max(Math.abs(c), Math.abs(s));
        for (int t = 0; t < n; t++) {
            double centre = byColumn ? oy + (t - ox) * s / c : ox + (t - oy) * c / s;
            int lo = (int) Math.max(0, Math.ceil(centre - reach));
            int hi = (int) Math.min(n - 1, Math.floor(centre + reach));
            for (int u = lo; u <= hi; u++) {
                int col = byColumn ? t : u;
                int row = byColumn ? u : t;
                double dx = col - ox;
                double dy = row - oy;
                double across = -dx * s + dy * c;
                double along = Math.sqrt(dx * dx + dy * dy) * pixel;
                hu[row * n + col] += (float) (amp * Math.exp(-across * across / (width * width) - along / 70));
            }
        }
    }

    /** 1 on the segment between the two points, falling to 0 at {@code halfWidth} pixels from it. */
    private static double band(double x, double y, double[] p, double halfWidth) {
        double ex = p[2] - p[0];
        double ey = p[3] - p[1];
        double len2 = ex * ex + ey * ey;
        double t = len2 == 0 ? 0 : Head.clamp(((x - p[0]) * ex + (y - p[1]) * ey) / len2, 0, 1);
        double dx = x - p[0] - t * ex;
        double dy = y - p[1] - t * ey;
        double d = Math.sqrt(dx * dx + dy * dy);
        return d > halfWidth ? 0 : 1 - d / halfWidth;
    }
}
