package org.ichcds.training.evaluation;

import java.util.List;
import java.util.Optional;
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
