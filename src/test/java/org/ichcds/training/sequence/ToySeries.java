package org.ichcds.training.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ichcds.inference.HemorrhageLabel;

/**
 * A toy sequence task in which a slice's label depends on its neighbours: half the series hold one run of 5 to 10
 * consecutive positive slices (a bleed spans neighbouring slices), and every slice's embedding carries its label in
 * feature 0 under heavy noise (standard deviation {@link #NOISE}); the other features are noise. A slice read alone is
 * ambiguous; its neighbours tell.
 */
final class ToySeries {

    static final float NOISE = 0.9f;

    private ToySeries() {}

    static List<SeriesSample> generate(int count, int width, long seed) {
        Random random = new Random(seed);
        List<SeriesSample> series = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int s = 20 + random.nextInt(21);
            boolean positive = n % 2 == 0;
            int length = 5 + random.nextInt(6);
            int start = random.nextInt(s - length + 1);
            float[] embeddings = new float[s * width];
            float[] sliceLabels = new float[s * HemorrhageLabel.COUNT];
            for (int i = 0; i < s; i++) {
                boolean bleed = positive && i >= start && i < start + length;
                for (int f = 0; f < width; f++) {
                    embeddings[i * width + f] = (float) random.nextGaussian() * (f == 0 ? NOISE : 1f);
                }
                if (bleed) {
                    embeddings[i * width] += 1f;
                    sliceLabels[i * HemorrhageLabel.COUNT + HemorrhageLabel.ANY.ordinal()] = 1f;
                    sliceLabels[i * HemorrhageLabel.COUNT + HemorrhageLabel.SUBDURAL.ordinal()] = 1f;
                }
            }
            float[] study = new float[HemorrhageLabel.COUNT];
            if (positive) {
                study[HemorrhageLabel.ANY.ordinal()] = 1f;
                study[HemorrhageLabel.SUBDURAL.ordinal()] = 1f;
            }
            series.add(new SeriesSample("toy-" + seed + "-" + n, s, embeddings, sliceLabels, study));
        }
        return series;
    }

    /** Random embeddings with no labels, for shape and equality checks. */
    static float[] embeddings(int slices, int width, long seed) {
        Random random = new Random(seed);
        float[] values = new float[slices * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
