package org.ichcds.training.dataset;

import java.util.List;
import java.util.Random;
import org.ichcds.dicom.CtVolume;
import org.ichcds.preprocessing.SigmoidWindow;
import org.ichcds.preprocessing.WindowChannel;

/**
 * Turns packed HU slices into the model's window channels, exactly as the serving preprocessor does (a table of the
 * sigmoid at every integer HU; skull-stripped channels are 0 outside the brain mask), optionally with CT noise.
 */
final class SliceWindows {

    private final float[][] tables;
    private final boolean[] stripped;

    SliceWindows(List<WindowChannel> channels) {
        tables = new float[channels.size()][];
        stripped = new boolean[channels.size()];
        for (int c = 0; c < tables.length; c++) {
            tables[c] = table(channels.get(c).window());
            stripped[c] = channels.get(c).skullStripped();
        }
    }

    int channels() {
        return tables.length;
    }

    /** Writes {@code packed.length × channels} floats at {@code offset}. */
    void render(short[] packed, float[] out, int offset) {
        render(packed, out, offset, 0, null);
    }

    /** As {@link #render(short[], float[], int)}, with Gaussian noise of {@code noiseHu} HU added to every pixel. */
    void render(short[] packed, float[] out, int offset, double noiseHu, Random random) {
        render(packed, out, offset, tables.length, noiseHu, random);
    }

    /**
     * As {@link #render(short[], float[], int, double, Random)}, pixel {@code p}'s channels written from {@code offset +
     * p × pixelStride} on: a stride of three times the channels interleaves a slice with its neighbours, each at its own
     * offset.
     */
    void render(short[] packed, float[] out, int offset, int pixelStride, double noiseHu, Random random) {
        int n = tables.length;
        for (int p = 0; p < packed.length; p++) {
            boolean inside = HuCodec.inside(packed[p]);
            int hu = HuCodec.hu(packed[p]);
            if (noiseHu > 0) {
                hu = (int) Math.round(hu + noiseHu * random.nextGaussian());
                hu = Math.max(CtVolume.MIN_HU, Math.min(CtVolume.MAX_HU, hu));
            }
            int index = hu - CtVolume.MIN_HU;
            int o = offset + p * pixelStride;
            for (int c = 0; c < n; c++) {
                out[o + c] = stripped[c] && !inside ? 0f : tables[c][index];
            }
        }
    }

    /** The window at every integer HU of a {@link CtVolume}, as the serving preprocessor tabulates it. */
    private static float[] table(SigmoidWindow window) {
        float[] t = new float[CtVolume.MAX_HU - CtVolume.MIN_HU + 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) window.apply(i + CtVolume.MIN_HU);
        }
        return t;
    }
}
