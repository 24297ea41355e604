package org.ichcds.preprocessing;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.ichcds.dicom.CtVolume;

/**
 * HU volume to model input: thin slices read as slabs when the settings ask ({@link Slabs}), crop to the head, brain
 * mask, bilinear resampling of the square crop to the input size (aspect ratio kept), sigmoid windows as channels
 * (skull-stripped where the channel asks), optional neighbouring slice context. Pure and thread-safe; slices are
 * processed in parallel.
 */
public final class Preprocessor {

    private final PreprocessingSettings settings;
    private final float[][] tables;
    private final boolean[] stripped;
    private final BrainMasker masker = new BrainMasker();

    public Preprocessor(PreprocessingSettings settings) {
        this.settings = settings;
        int n = settings.channels().size();
        tables = new float[n][];
        stripped = new boolean[n];
        for (int c = 0; c < n; c++) {
            tables[c] = settings.channels().get(c).window().table();
            stripped[c] = settings.channels().get(c).skullStripped();
        }
    }

    PreprocessingSettings settings() {
        return settings;
    }

    public ModelInput preprocess(CtVolume volume) {
        int slices = volume.sliceCount();
        int size = settings.inputSize();
        int windows = tables.length;
        double[] crop = HeadCrop.of(volume);
        SliceTransform transform =
                new SliceTransform(crop[0], crop[1], crop[2] / size, size, volume.columns(), volume.rows());
        BrainMask[] masks = new BrainMask[slices];
        float[] own = new float[slices * size * size * windows];
        Slabs slabs = Slabs.of(volume, settings.slabMm(), settings.slabMode());
        IntStream.range(0, slices).parallel().forEach(s -> {
            short[] hu = slabs.hu(s);
            masks[s] = masker.mask(hu, volume.rows(), volume.columns(), volume.columnSpacingMm());
            resample(hu, volume.rows(), volume.columns(), masks[s], transform, own, s * size * size * windows);
        });
        float[] data = settings.sliceContext() ? withContext(own, slices, size * size, windows) : own;
        return new ModelInput(
                data, slices, size, settings.channelCount(), Collections.nCopies(slices, transform), List.of(masks));
    }

    private void resample(short[] hu, int rows, int cols, BrainMask mask, SliceTransform t, float[] out, int offset) {
        int size = t.size();
        int windows = tables.length;
        int[] x0 = new int[size];
        float[] fx = new float[size];
        int[] maskColumn = new int[size];
        for (int i = 0; i < size; i++) {
            double u = t.originX() + (i + 0.5) * t.scale() - 0.5;
            x0[i] = (int) Math.floor(u);
            fx[i] = (float) (u - x0[i]);
            maskColumn[i] = mask.gridColumn(t.originX() + (i + 0.5) * t.scale());
        }
        for (int j = 0; j < size; j++) {
            double v = t.originY() + (j + 0.5) * t.scale() - 0.5;
            int y0 = (int) Math.floor(v);
            float fy = (float) (v - y0);
            int maskRow = mask.gridRow(t.originY() + (j + 0.5) * t.scale());
            boolean rowInside = y0 >= 0 && y0 + 1 < rows;
            for (int i = 0; i < size; i++) {
                int x = x0[i];
                float a;
                float b;
                float c;
                float d;
                if (rowInside && x >= 0 && x + 1 < cols) {
                    int p = y0 * cols + x;
                    a = hu[p];
                    b = hu[p + 1];
                    c = hu[p + cols];
                    d = hu[p + cols + 1];
                } else {
                    a = pixel(hu, rows, cols, y0, x);
                    b = pixel(hu, rows, cols, y0, x + 1);
                    c = pixel(hu, rows, cols, y0 + 1, x);
                    d = pixel(hu, rows, cols, y0 + 1, x + 1);
                }
                float top = a + fx[i] * (b - a);
                float value = top + fy * (c + fx[i] * (d - c) - top);
                // value >= MIN_HU: adding 0.5 and truncating rounds to the nearest HU
                int index = (int) (value - CtVolume.MIN_HU + 0.5f);
                boolean inside = maskRow >= 0 && maskColumn[i] >= 0 && mask.gridValue(maskRow, maskColumn[i]);
                int o = offset + (j * size + i) * windows;
                for (int w = 0; w < windows; w++) {
                    out[o + w] = stripped[w] && !inside ? 0f : tables[w][index];
                }
            }
        }
    }

    private static float pixel(short[] hu, int rows, int cols, int y, int x) {
        if (x < 0 || y < 0 || x >= cols || y >= rows) {
            return CtVolume.MIN_HU;
        }
        return hu[y * cols + x];
    }

    /** [s][pixel][prev windows, own windows, next windows]; the first and last slices repeat themselves. */
    private static float[] withContext(float[] own, int slices, int pixels, int windows) {
        float[] out = new float[slices * pixels * windows * 3];
        for (int s = 0; s < slices; s++) {
            int[] source = {Math.max(0, s - 1), s, Math.min(slices - 1, s + 1)};
            for (int p = 0; p < pixels; p++) {
                int o = (s * pixels + p) * windows * 3;
                for (int k = 0; k < 3; k++) {
                    System.arraycopy(own, (source[k] * pixels + p) * windows, out, o + k * windows, windows);
                }
            }
        }
        return out;
    }
}
