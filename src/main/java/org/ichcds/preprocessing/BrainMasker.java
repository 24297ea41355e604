package org.ichcds.preprocessing;

/**
 * Finds the cranial cavity of one slice without cutting off extra-axial blood: the skull (>= 350 HU on a grid of
 * at most about 256², a coarser grid averages 2x2 or more) is closed over gaps of a few mm, everything the outside
 * cannot reach through non-bone is the cavity, pockets of air or fat (sinuses, mastoids) are dropped, holes are
 * filled, and the result grows by one grid pixel into partial-volume pixels below 900 HU, so blood lying against the
 * inner table stays inside. It replaces BET-style stripping (Muschelli et al. 2015), which can clip epidural and
 * subdural collections.
 */
final class BrainMasker {

    private static final double BONE_HU = 350;
    private static final double PARTIAL_BONE_HU = 900;
    private static final double CLOSING_MM = 2.5;
    private static final double MIN_AREA_MM2 = 150;

    BrainMask mask(short[] hu, int rows, int columns, double spacingMm) {
        int f = Math.max(1, Math.round(columns / 256f));
        int w = columns / f;
        int h = rows / f;
        float[] g = downsample(hu, rows, columns, f, w, h);
        boolean[] bone = new boolean[w * h];
        for (int i = 0; i < g.length; i++) {
            bone[i] = g[i] >= BONE_HU;
        }
        int k = Math.max(1, (int) Math.round(CLOSING_MM / (spacingMm * f)));
        boolean[] closed = Morphology.erode(Morphology.dilate(bone, w, h, k), w, h, k);
        boolean[] outside = Morphology.reachableFromBorder(closed, w, h);
        boolean[] cavity = new boolean[w * h];
        for (int i = 0; i < cavity.length; i++) {
            cavity[i] = !outside[i] && !closed[i];
        }
        double pixelArea = spacingMm * f * spacingMm * f;
        cavity = Morphology.keepComponents(cavity, g, w, h, (int) Math.ceil(MIN_AREA_MM2 / pixelArea), -20, 150);
        cavity = Morphology.fillHoles(cavity, w, h);
        boolean[] grown = Morphology.dilate(cavity, w, h, 1);
        for (int i = 0; i < grown.length; i++) {
            grown[i] = cavity[i] || (grown[i] && g[i] < PARTIAL_BONE_HU);
        }
        return new BrainMask(grown, w, h, f, columns, rows);
    }

    private static float[] downsample(short[] hu, int rows, int columns, int f, int w, int h) {
        float[] g = new float[w * h];
        if (f == 1) {
            for (int i = 0; i < g.length; i++) {
                g[i] = hu[i];
            }
            return g;
        }
        float norm = 1f / (f * f);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int dy = 0; dy < f; dy++) {
                    int base = (y * f + dy) * columns + x * f;
                    for (int dx = 0; dx < f; dx++) {
                        sum += hu[base + dx];
                    }
                }
                g[y * w + x] = sum * norm;
            }
        }
        return g;
    }
}
