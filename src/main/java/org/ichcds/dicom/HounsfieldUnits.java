package org.ichcds.dicom;

/**
 * Stored pixel values to Hounsfield units: {@code HU = stored * RescaleSlope + RescaleIntercept} (DICOM PS3.3
 * C.11.1.1.2), clamped to [{@link CtVolume#MIN_HU}, {@link CtVolume#MAX_HU}].
 */
final class HounsfieldUnits {

    // The wrap fix for 12-bit unsigned series whose intercept is near 0 (a known defect of some scanners' exports,
    // documented with the RSNA 2019 intracranial hemorrhage data): the values were shifted by +1000 and wrapped
    // modulo 4096, so undo the wrap and use intercept -1000.
    private static final int WRAP_BITS_STORED = 12;
    private static final double WRAP_INTERCEPT_ABOVE = -100;
    private static final int WRAP_SHIFT = 1000;
    private static final int WRAP_MODULO = 4096;

    private HounsfieldUnits() {}

    /** True when a slice needs the 12-bit unsigned wrap fix. */
    static boolean needsWrapFix(int bitsStored, boolean signed, double intercept) {
        return !signed && bitsStored == WRAP_BITS_STORED && intercept > WRAP_INTERCEPT_ABOVE;
    }

    /**
     * Converts the stored values of one slice to HU.
     *
     * @param stored the 16-bit words as read; only the low {@code bitsStored} bits count (DICOM PS3.5 8.1.1)
     * @param signed PixelRepresentation 1 (two's complement)
     */
    static short[] convert(short[] stored, int bitsStored, boolean signed, double slope, double intercept) {
        return convert(stored, new short[stored.length], bitsStored, signed, slope, intercept);
    }

    /**
     * The same, written into {@code hu}, which may be {@code stored} itself: each value is read before it is written.
     */
    static short[] convert(short[] stored, short[] hu, int bitsStored, boolean signed, double slope, double intercept) {
        int bits = bitsStored <= 0 || bitsStored > 16 ? 16 : bitsStored;
        boolean wrap = needsWrapFix(bits, signed, intercept);
        double effectiveIntercept = wrap ? -WRAP_SHIFT : intercept;
        int shift = 32 - bits;
        int mask = (1 << bits) - 1;
        boolean integral = slope == 1.0 && effectiveIntercept == Math.rint(effectiveIntercept);
        int offset = (int) effectiveIntercept;
        for (int i = 0; i < stored.length; i++) {
            int value = signed ? (stored[i] << shift) >> shift : stored[i] & mask;
            if (wrap) {
                value += WRAP_SHIFT;
                if (value >= WRAP_MODULO) {
                    value -= WRAP_MODULO;
                }
            }
            // the common case (slope 1, whole intercept) stays in integer arithmetic
            hu[i] = integral ? clamp(value + offset) : clamp(Math.round(value * slope + effectiveIntercept));
        }
        return hu;
    }

    static short clamp(int hu) {
        return (short) (hu < CtVolume.MIN_HU ? CtVolume.MIN_HU : Math.min(hu, CtVolume.MAX_HU));
    }

    static short clamp(long hu) {
        return (short) Math.max(CtVolume.MIN_HU, Math.min(CtVolume.MAX_HU, hu));
    }
}
