package org.ichcds.preprocessing;

import org.ichcds.dicom.CtVolume;

/**
 * A sigmoid window (Lee et al., Nat Biomed Eng 2019, as implemented in the RSNA 2019 kernels): {@code y = 1 / (1 +
 * exp(-(2 ln 254 / WW) (HU - WL)))}, so that y(WL) = 1/2, y(WL - WW/2) = 1/255 and y(WL + WW/2) = 254/255. This is
 * not the DICOM VOI LUT SIGMOID function (PS3.3 C.11.2.1.3.1), whose slope constant is 4.
 *
 * @param name channel name, e.g. {@code brain}
 * @param level window level (centre), HU
 * @param width window width, HU
 */
public record SigmoidWindow(String name, double level, double width) {

    static final SigmoidWindow BRAIN = new SigmoidWindow("brain", 40, 80);
    static final SigmoidWindow SUBDURAL = new SigmoidWindow("subdural", 80, 200);
    public static final SigmoidWindow BONE = new SigmoidWindow("bone", 600, 2800);

    private static final double LN_254 = Math.log(254);

    public SigmoidWindow {
        if (!(width > 0)) {
            throw new IllegalArgumentException("window width must be positive, was " + width);
        }
    }

    public double apply(double hu) {
        return 1 / (1 + Math.exp(-(2 * LN_254 / width) * (hu - level)));
    }

    /** The window at every integer HU of a {@link CtVolume}: index {@code hu - CtVolume.MIN_HU}. */
    float[] table() {
        float[] t = new float[CtVolume.MAX_HU - CtVolume.MIN_HU + 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) apply(i + CtVolume.MIN_HU);
        }
        return t;
    }
}
