package org.ichcds.training.phantoms;

import java.util.Locale;

/**
 * How a phantom data set is drawn.
 *
 * <p>Domain randomisation follows SynthSeg (Billot et al., Medical Image Analysis 2023): a model trained on synthetic
 * images whose contrast, resolution and artefacts are drawn at random for every study learns what does not change
 * between them. A second, differently built style is kept out of training altogether so that evaluation can report
 * how the model does on images unlike anything it was trained on; a third, built otherwise again, widens what training
 * sees without touching the held-out one.
 */
public enum PhantomStyle {
    /** The original generator: ich-phantom-v1, the demo and the tests were made with it. Same seed, same bytes. */
    CLASSIC,
    /**
     * Style A: per study, tissue densities, head and brain shape, skull base, lesion density and texture, slice
     * thickness, matrix, kernel, artefacts, gantry tilt, motion, padding and pixel storage drawn over wide ranges.
     */
    RANDOMISED,
    /**
     * Style B, held out from training: another anatomy construction (a boxier superellipsoid skull, another folding
     * pattern, ventricles built from ellipsoids), other lesion shapes (multi-lobed clots, flatter collections) and
     * textures (anisotropic noise, mottled clots), with the same acquisition randomisation as style A.
     */
    HELDOUT,
    /**
     * Style C, for training beside style A and never in the held-out tests: a third anatomy and look that shares none
     * of style B's constructions. Long, narrow heads with one side of the back flattened (positional plagiocephaly),
     * cortical folding in rings around a few centres, lateral ventricles of unequal size, clots with an irregular,
     * many-bumped outline and a layered density, and coarse noise correlated over two pixels; densities, look-alikes
     * and the acquisition are drawn as in style A.
     */
    ALTERNATE;

    /** The name on the command line and in {@code studies.csv}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The style named {@code code}, or an exception that lists the names. */
    public static PhantomStyle fromCode(String code) {
        for (PhantomStyle style : values()) {
            if (style.code().equals(code)) {
                return style;
            }
        }
        throw new IllegalArgumentException("style must be classic, randomised, heldout or alternate, was " + code);
    }

    boolean randomised() {
        return this != CLASSIC;
    }
}
