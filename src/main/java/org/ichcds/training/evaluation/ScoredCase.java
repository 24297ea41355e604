package org.ichcds.training.evaluation;

import java.util.Objects;
import org.ichcds.inference.HemorrhageLabel;

/**
 * The model's probabilities and the truth for one slice or one study, in label order.
 *
 * @param id the image id (slices) or StudyInstanceUID (studies)
 * @param probabilities seven probabilities in {@link HemorrhageLabel} order
 * @param truths seven truths in {@link HemorrhageLabel} order
 */
record ScoredCase(String id, double[] probabilities, boolean[] truths) {

    public ScoredCase {
        Objects.requireNonNull(id, "id");
        if (probabilities.length != HemorrhageLabel.COUNT || truths.length != HemorrhageLabel.COUNT) {
            throw new IllegalArgumentException("case " + id + " needs " + HemorrhageLabel.COUNT
                    + " probabilities and truths, got " + probabilities.length + " and " + truths.length);
        }
        probabilities = probabilities.clone();
        truths = truths.clone();
    }

    /** The probability of one label. */
    double probability(HemorrhageLabel label) {
        return probabilities[label.ordinal()];
    }

    /** The truth of one label. */
    boolean truth(HemorrhageLabel label) {
        return truths[label.ordinal()];
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public boolean[] truths() {
        return truths.clone();
    }
}
