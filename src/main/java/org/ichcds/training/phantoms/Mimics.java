package org.ichcds.training.phantoms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hemorrhage look-alikes of one study. They are drawn independently of the study's truth (positive studies
 * carry them too), so that a dense spot is never by itself a reason to call a study negative or positive. The
 * randomised styles draw them more often and add a hyperdense middle cerebral artery and the look of a
 * post-contrast scan (enhancing sinuses, falx and choroid plexus); the files still declare no contrast agent.
 */
record Mimics(
        boolean pineal,
        boolean choroidPlexus,
        boolean falxCalcification,
        boolean hyperdenseSinus,
        boolean basalGanglia,
        boolean streaks,
        boolean hyperdenseVessel,
        boolean postContrast) {

    /** The look-alikes present, by name ({@code studies.csv}'s {@code mimics} column), in declaration order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        boolean[] present = {
            pineal,
            choroidPlexus,
            falxCalcification,
            hyperdenseSinus,
            basalGanglia,
            streaks,
            hyperdenseVessel,
            postContrast
        };
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                names.add(NAMES.get(i));
            }
        }
        return names;
    }

    static final List<String> NAMES = List.of(
            "pineal",
            "choroid-plexus",
            "falx-calcification",
            "hyperdense-sinus",
            "basal-ganglia",
            "streaks",
            "hyperdense-vessel",
            "post-contrast");

    static Mimics random(SplittableRandom r) {
        return new Mimics(
                r.nextDouble() < 0.6,
                r.nextDouble() < 0.45,
                r.nextDouble() < 0.3,
                r.nextDouble() < 0.25,
                r.nextDouble() < 0.1,
                r.nextDouble() < 0.5,
                false,
                false);
    }

    static Mimics of(PhantomStyle style, SplittableRandom r) {
        return of(style, r, LookAlikeRates.NONE);
    }

    /**
     * The look-alikes of a randomised, held-out or alternate study, with {@code rates} in place of the style's own chances; one
     * draw each, in declaration order, whatever the chance.
     */
    static Mimics of(PhantomStyle style, SplittableRandom r, LookAlikeRates rates) {
        if (style == PhantomStyle.CLASSIC) {
            return random(r);
        }
        return new Mimics(
                r.nextDouble() < rates.chance("pineal", 0.65),
                r.nextDouble() < rates.chance("choroid-plexus", 0.55),
                r.nextDouble() < rates.chance("falx-calcification", 0.4),
                r.nextDouble() < rates.chance("hyperdense-sinus", 0.3),
                r.nextDouble() < rates.chance("basal-ganglia", 0.15),
                r.nextDouble() < rates.chance("streaks", 0.6),
                r.nextDouble() < rates.chance("hyperdense-vessel", 0.2),
                r.nextDouble() < rates.chance("post-contrast", 0.1));
    }
}
