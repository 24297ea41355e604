package org.ichcds.training.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ichcds.inference.Box;
import org.ichcds.preprocessing.SigmoidWindow;
import org.ichcds.preprocessing.WindowChannel;

/**
 * Renders one packed slice with random window jitter and noise, then rotates and scales it about the image centre
 * (bilinear, zero outside), moving its truth boxes with it: a box becomes the axis-aligned box around its transformed
 * corners, clipped to the image. Flipping is left to {@link org.ichcds.training.HorizontalFlip} on the batch.
 */
final class SliceAugmenter {

    private final Augmentation augmentation;
    private final List<WindowChannel> channels;
    private final int size;

    SliceAugmenter(Augmentation augmentation, List<WindowChannel> channels, int size) {
        this.augmentation = augmentation;
        this.channels = List.copyOf(channels);
        this.size = size;
    }

    /**
     * Writes the augmented slice at {@code offset} and returns its boxes. {@code packed} is the slice alone, or with
     * slice context its previous slice, itself and its next one: each rendered with the same windows and noise level
     * (the noise itself drawn per slice, as a scanner's is), then moved together.
     */
    List<Box> apply(short[][] packed, List<Box> boxes, Random random, float[] out, int offset) {
        SliceWindows windows = new SliceWindows(jittered(random));
        double noise = augmentation.maxNoiseHu() * random.nextDouble();
        double angle = Math.toRadians(augmentation.maxRotationDegrees() * symmetric(random));
        double scale = 1 + augmentation.maxScale() * symmetric(random);
        int channels = windows.channels() * packed.length;
        float[] plain = new float[size * size * channels];
        for (int k = 0; k < packed.length; k++) {
            windows.render(packed[k], plain, k * windows.channels(), channels, noise, random);
        }
        warp(plain, channels, angle, scale, out, offset);
        return moveBoxes(boxes, angle, scale);
    }

    private List<WindowChannel> jittered(Random random) {
        List<WindowChannel> jittered = new ArrayList<>();
        for (WindowChannel channel : channels) {
            SigmoidWindow w = channel.window();
            double level = w.level() + augmentation.levelJitter() * w.width() * symmetric(random);
            double width = w.width() * (1 + augmentation.widthJitter() * symmetric(random));
            jittered.add(new WindowChannel(new SigmoidWindow(w.name(), level, width), channel.skullStripped()));
        }
        return jittered;
    }

    /** out(p) = in(c + R(-angle)(p - c) / scale): the inverse of the forward map applied to boxes. */
    private void warp(float[] in, int channels, double angle, double scale, float[] out, int offset) {
        double c = size / 2.0;
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        for (int j = 0; j < size; j++) {
            double dy = j + 0.5 - c;
            for (int i = 0; i < size; i++) {
                double dx = i + 0.5 - c;
                double u = c + cos * dx + sin * dy - 0.5;
                double v = c - sin * dx + cos * dy - 0.5;
                int x0 = (int) Math.floor(u);
                int y0 = (int) Math.floor(v);
                float fx = (float) (u - x0);
                float fy = (float) (v - y0);
                int o = offset + (j * size + i) * channels;
                for (int k = 0; k < channels; k++) {
                    float a = sample(in, channels, x0, y0, k);
                    float b = sample(in, channels, x0 + 1, y0, k);
                    float d = sample(in, channels, x0, y0 + 1, k);
                    float e = sample(in, channels, x0 + 1, y0 + 1, k);
                    float top = a + fx * (b - a);
                    out[o + k] = top + fy * (d + fx * (e - d) - top);
                }
            }
        }
    }

    private float sample(float[] in, int channels, int x, int y, int k) {
        return x < 0 || y < 0 || x >= size || y >= size ? 0f : in[(y * size + x) * channels + k];
    }

    /** Forward map p' = c + scale · R(angle)(p - c) of each corner. */
    List<Box> moveBoxes(List<Box> boxes, double angle, double scale) {
        double c = size / 2.0;
        double cos = Math.cos(angle) * scale;
        double sin = Math.sin(angle) * scale;
        List<Box> moved = new ArrayList<>();
        for (Box box : boxes) {
            double[] xs = {box.x(), box.x() + box.width()};
            double[] ys = {box.y(), box.y() + box.height()};
            double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
            for (double x : xs) {
                for (double y : ys) {
                    double tx = c + cos * (x - c) - sin * (y - c);
                    double ty = c + sin * (x - c) + cos * (y - c);
                    x0 = Math.min(x0, tx);
                    x1 = Math.max(x1, tx);
                    y0 = Math.min(y0, ty);
                    y1 = Math.max(y1, ty);
                }
            }
            x0 = Math.max(0, x0);
            y0 = Math.max(0, y0);
            x1 = Math.min(size, x1);
            y1 = Math.min(size, y1);
            if (x1 - x0 >= 0.5 && y1 - y0 >= 0.5) {
                moved.add(Box.truth(box.label(), (float) x0, (float) y0, (float) (x1 - x0), (float) (y1 - y0)));
            }
        }
        return moved;
    }

    private static double symmetric(Random random) {
        return 2 * random.nextDouble() - 1;
    }
}
