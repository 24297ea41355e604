package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * The hemorrhage look-alikes of one study. They are drawn independently of the study's truth (positive studies
 * carry them too), so that a dense spot is never by itself a reason to call a study negative or positive.
 */
record Mimics(
        boolean pineal,
        boolean choroidPlexus,
        boolean falxCalcification,
        boolean hyperdenseSinus,
        boolean basalGanglia,
        boolean streaks) {

    static Mimics random(SplittableRandom r) {
        return new Mimics(
                r.nextDouble() < 0.6,
                r.nextDouble() < 0.45,
                r.nextDouble() < 0.3,
                r.nextDouble() < 0.25,
                r.nextDouble() < 0.1,
                r.nextDouble() < 0.5);
    }
}
