package org.ichcds.inference;

import java.util.function.ToDoubleFunction;

/**
 * The call the server makes on a study, label by label, from its calibrated study probabilities: {@code any} at or
 * above its operating threshold; a subtype at or above its own threshold and only in a study called for {@code any}.
 * Subtype thresholds are chosen for sensitivity and, for the hard subtypes, would alone flag most negative studies;
 * {@code any} is the triage call. Reports, cards and {@code evaluate} all take their calls from here.
 */
public final class StudyCalls {

    private StudyCalls() {}

    /**
     * The calls, in label order.
     *
     * @param probability a label's calibrated study probability
     * @param threshold a label's operating threshold
     */
    public static boolean[] of(
            ToDoubleFunction<HemorrhageLabel> probability, ToDoubleFunction<HemorrhageLabel> threshold) {
        boolean[] calls = new boolean[HemorrhageLabel.COUNT];
        boolean any = probability.applyAsDouble(HemorrhageLabel.ANY) >= threshold.applyAsDouble(HemorrhageLabel.ANY);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            calls[label.ordinal()] = (label == HemorrhageLabel.ANY || any)
                    && probability.applyAsDouble(label) >= threshold.applyAsDouble(label);
        }
        return calls;
    }
}
