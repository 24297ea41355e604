package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * The measurements of one {@link Head}, mm (atrophy 0..1, squareness 0..1), drawn per style.
 *
 * @param flattening how much narrower the back of the head is on one side than on the other (a skull flattened where
 *     it lay, positional plagiocephaly): the share of the half-width lost at the occiput, positive on the patient's
 *     left, negative on the right; 0 but in the alternate style
 */
record HeadProportions(
        double halfWidth,
        double frontLength,
        double backLength,
        double height,
        double skullThickness,
        double scalpThickness,
        double atrophy,
        double anteriorFloor,
        double middleFloor,
        double sellaFloor,
        double anteriorToMiddle,
        double middleToPosterior,
        double squareness,
        double flattening) {

    static HeadProportions classic(SplittableRandom r) {
        double scale = 0.88 + 0.2 * r.nextDouble();
        double halfWidth = scale * (62 + 9 * r.nextDouble());
        double frontLength = scale * (76 + 10 * r.nextDouble());
        double backLength = frontLength * (1.02 + 0.06 * r.nextDouble());
        double height = scale * (68 + 10 * r.nextDouble());
        double skull = 5 + 3.5 * r.nextDouble();
        double scalp = 4 + 3 * r.nextDouble();
        double atrophy = Math.pow(r.nextDouble(), 1.5);
        return new HeadProportions(
                halfWidth,
                frontLength,
                backLength,
                height,
                skull,
                scalp,
                atrophy,
                -0.22 * height,
                -0.58 * height,
                -0.36 * height,
                -0.30 * frontLength,
                -0.05 * backLength,
                0,
                0);
    }

    /**
     * Wider ranges for the randomised styles: skull 3-10 mm, any degree of atrophy, and the floors of the anterior,
     * middle and posterior fossae, the sella and the petrous ridges moved independently. The held-out style is
     * rounder (brachycephalic) and boxier; the alternate style longer and narrower (dolichocephalic), with one side
     * of the back flattened.
     */
    static HeadProportions drawn(PhantomStyle style, SplittableRandom r) {
        boolean heldout = style == PhantomStyle.HELDOUT;
        boolean alternate = style == PhantomStyle.ALTERNATE;
        double scale = 0.82 + 0.3 * r.nextDouble();
        double halfWidth = scale
                * (heldout
                        ? 66 + 10 * r.nextDouble()
                        : alternate ? 52 + 12 * r.nextDouble() : 56 + 18 * r.nextDouble());
        double frontLength = scale
                * (heldout
                        ? 68 + 10 * r.nextDouble()
                        : alternate ? 80 + 14 * r.nextDouble() : 72 + 18 * r.nextDouble());
        double backLength = frontLength * (0.98 + 0.14 * r.nextDouble());
        double height = scale * (62 + 20 * r.nextDouble());
        return new HeadProportions(
                halfWidth,
                frontLength,
                backLength,
                height,
                3 + 7 * r.nextDouble(),
                3 + 6 * r.nextDouble(),
                r.nextDouble(),
                -(0.17 + 0.1 * r.nextDouble()) * height,
                -(0.5 + 0.16 * r.nextDouble()) * height,
                -(0.3 + 0.12 * r.nextDouble()) * height,
                -(0.24 + 0.12 * r.nextDouble()) * frontLength,
                (-0.12 + 0.12 * r.nextDouble()) * backLength,
                heldout ? 0.5 + 0.5 * r.nextDouble() : 0,
                alternate ? (r.nextBoolean() ? 1 : -1) * (0.04 + 0.1 * r.nextDouble()) : 0);
    }
}
