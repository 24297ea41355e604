package org.ichcds.training.evaluation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One label's best operating point at the sensitivity its threshold aims at ({@link Metrics#targetSensitivity}), on the
 * study probabilities as served, every threshold tried: what the model's ranking allows there, apart from whether the
 * shipped threshold carries to these studies. A subtype is scored on its own probability, not only on studies called
 * for {@code any}.
 *
 * @param label the label
 * @param target the sensitivity aimed at
 * @param best the ROC point of the highest specificity with a sensitivity of at least {@code target}; empty without
 *     positive or negative studies
 */
record SensitivityTarget(HemorrhageLabel label, double target, Optional<RocPoint> best) {

    /** The best point's threshold (a probability as served). */
    OptionalDouble threshold() {
        return of(RocPoint::threshold);
    }

    /** The best point's sensitivity, at least {@link #target}. */
    OptionalDouble sensitivity() {
        return of(RocPoint::truePositiveRate);
    }

    /** The best point's specificity. */
    OptionalDouble specificity() {
        return of(p -> 1 - p.falsePositiveRate());
    }

    private OptionalDouble of(ToDoubleFunction<RocPoint> figure) {
        return best.map(p -> OptionalDouble.of(figure.applyAsDouble(p))).orElse(OptionalDouble.empty());
    }

    static List<SensitivityTarget> of(List<ScoredCase> studies) {
        return List.of(HemorrhageLabel.values()).stream()
                .map(label -> {
                    double target = Metrics.targetSensitivity(label);
                    return new SensitivityTarget(
                            label,
                            target,
                            Metrics.atSensitivity(
                                    EvaluationSamples.scores(studies, label),
                                    EvaluationSamples.truths(studies, label),
                                    target));
                })
                .toList();
    }
}
