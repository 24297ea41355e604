package org.ichcds.preprocessing;

import org.ichcds.dicom.CtVolume;

/**
 * Thin slices read as slabs: each slice's HU become the mean (or the median, {@link SlabMode}) of the slices whose
 * centres lie within a slab of the given thickness centred on it (within half the slab along the slice normal), as a
 * scanner reconstructs thicker slices from thin ones. A slice keeps its own pixels when no neighbour's centre is that
 * close (slices spaced more than half the slab apart, one-slice series), and a series' first and last slices average
 * the neighbours they have. The slices, their count and their order are the volume's, so every output stays one per
 * slice.
 */
final class Slabs {

    /** Slack on the slab's edges, so that a neighbour exactly on it counts in spite of rounding in the positions. */
    private static final double EDGE_MM = 0.01;

    private final CtVolume volume;
    private final SlabMode mode;
    private final int[] first;
    private final int[] last;

    private Slabs(CtVolume volume, SlabMode mode, int[] first, int[] last) {
        this.volume = volume;
        this.mode = mode;
        this.first = first;
        this.last = last;
    }

    /** The slabs of {@code slabMm} over a volume; 0 keeps every slice as it is. */
    static Slabs of(CtVolume volume, double slabMm, SlabMode mode) {
        int n = volume.sliceCount();
        int[] first = new int[n];
        int[] last = new int[n];
        double reach = slabMm / 2 + EDGE_MM;
        double[] z = slabMm > 0 && n > 1 ? along(volume) : null;
        for (int s = 0; s < n; s++) {
            first[s] = s;
            last[s] = s;
            if (z != null) {
                while (first[s] > 0 && Math.abs(z[s] - z[first[s] - 1]) <= reach) {
                    first[s]--;
                }
                while (last[s] < n - 1 && Math.abs(z[last[s] + 1] - z[s]) <= reach) {
                    last[s]++;
                }
            }
        }
        return new Slabs(volume, mode, first, last);
    }

    /** How many slices slice {@code s}'s slab averages. */
    int width(int s) {
        return last[s] - first[s] + 1;
    }

    /** The HU of slice {@code s}'s slab: its own array when it averages nothing, else a new one. */
    short[] hu(int s) {
        if (first[s] == last[s]) {
            return volume.slices().get(s).hu();
        }
        int pixels = volume.rows() * volume.columns();
        int count = width(s);
        short[][] slices = new short[count][];
        for (int k = 0; k < count; k++) {
            slices[k] = volume.slices().get(first[s] + k).hu();
        }
        short[] out = new short[pixels];
        if (mode == SlabMode.MEDIAN) {
            short[] values = new short[count];
            int middle = count / 2;
            for (int p = 0; p < pixels; p++) {
                for (int k = 0; k < count; k++) {
                    values[k] = slices[k][p];
                }
                java.util.Arrays.sort(values);
                out[p] = count % 2 == 1
                        ? values[middle]
                        : (short) Math.round((values[middle - 1] + values[middle]) / 2f);
            }
            return out;
        }
        for (int p = 0; p < pixels; p++) {
            int sum = 0;
            for (short[] hu : slices) {
                sum += hu[p];
            }
            out[p] = (short) Math.round((float) sum / count);
        }
        return out;
    }

    /**
     * Each slice's position in mm along the slice normal (the cross product of the row and column directions, made a
     * unit vector, so that direction cosines of another length do not stretch the slab); {@code null} when the
     * directions are parallel or not numbers, which leaves every slice as it is.
     */
    private static double[] along(CtVolume volume) {
        double[] o = volume.orientation();
        double nx = o[1] * o[5] - o[2] * o[4];
        double ny = o[2] * o[3] - o[0] * o[5];
        double nz = o[0] * o[4] - o[1] * o[3];
        double length = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (!(length > 1e-6)) {
            return null;
        }
        double[] z = new double[volume.sliceCount()];
        for (int s = 0; s < z.length; s++) {
            double[] p = volume.slices().get(s).positionMm();
            z[s] = (p[0] * nx + p[1] * ny + p[2] * nz) / length;
        }
        return z;
    }
}
