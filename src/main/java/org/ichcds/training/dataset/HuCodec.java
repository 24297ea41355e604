package org.ichcds.training.dataset;

import java.util.List;
import org.ichcds.dicom.CtVolume;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.SigmoidWindow;
import org.ichcds.preprocessing.WindowChannel;

/**
 * Keeps a preprocessed slice as one {@code short} per pixel: the resampled HU, and whether the pixel is inside the
 * brain mask. The serving {@code Preprocessor} is run with a probe window so wide that its sigmoid is invertible in
 * float precision over the whole HU range ({@code dy/dHU ≥ 1e-4} against a float step of {@code 6e-8}), once
 * skull-stripped and once whole; inverting it gives back the exact integer HU the preprocessor windowed. Training can
 * then re-window with jittered windows, at 2 bytes per pixel instead of 12 for three float channels.
 */
final class HuCodec {

    /** Centre of the CT range, wide enough to keep the sigmoid between 0.2 and 0.8 from -1024 to 3071 HU. */
    static final SigmoidWindow PROBE = new SigmoidWindow("hu-probe", 1024, 16384);

    /** Packed values below this are outside the mask: HU shifted down by {@link #OUTSIDE_SHIFT}. */
    private static final int OUTSIDE_SHIFT = 8192;

    private static final double SLOPE = 2 * Math.log(254) / PROBE.width();

    private HuCodec() {}

    /** The probe settings for serving settings (their input size and slabs): channel 0 stripped, channel 1 whole. */
    static PreprocessingSettings probeSettings(PreprocessingSettings settings) {
        return new PreprocessingSettings(
                settings.inputSize(),
                false,
                List.of(new WindowChannel(PROBE, true), new WindowChannel(PROBE, false)),
                settings.slabMm(),
                settings.slabMode());
    }

    /** Packs a pixel from its stripped and whole probe values (the stripped one is 0 outside the brain mask). */
    static short pack(float stripped, float whole) {
        int hu = hu(whole);
        return (short) (stripped > 0f ? hu : hu - OUTSIDE_SHIFT);
    }

    /** The HU of a packed pixel. */
    static int hu(short packed) {
        return packed < CtVolume.MIN_HU ? packed + OUTSIDE_SHIFT : packed;
    }

    /** Whether a packed pixel is inside the brain mask. */
    static boolean inside(short packed) {
        return packed >= CtVolume.MIN_HU;
    }

    /** Packs an HU value directly (for synthetic slices in tests). */
    static short of(int hu, boolean inside) {
        int clamped = Math.max(CtVolume.MIN_HU, Math.min(CtVolume.MAX_HU, hu));
        return (short) (inside ? clamped : clamped - OUTSIDE_SHIFT);
    }

    private static int hu(float y) {
        double logit = Math.log(y / (1.0 - y));
        long hu = Math.round(PROBE.level() + logit / SLOPE);
        return (int) Math.max(CtVolume.MIN_HU, Math.min(CtVolume.MAX_HU, hu));
    }
}
