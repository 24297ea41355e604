package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.ichcds.inference.HemorrhageLabel;

/**
 * The triage call ({@code any}) in one subgroup of studies: AUC, and sensitivity and specificity at the operating
 * threshold. A subgroup of a single class has an AUC of {@code n/a} and only one of sensitivity or specificity.
 *
 * @param attribute e.g. {@code kernel}
 * @param value e.g. {@code H30s}
 * @param any the figures of {@code any} over the subgroup's studies
 */
record SubgroupMetrics(String attribute, String value, LabelMetrics any) {

    /** Every subgroup the studies' attributes form, by attribute in report order, then by value. */
    static List<SubgroupMetrics> of(List<ScoredCase> studies, List<StudyAttributes> attributes, double threshold) {
        Map<String, Map<String, List<Integer>>> members =
                new TreeMap<>(Comparator.comparingInt(StudyAttributes.ATTRIBUTES::indexOf));
        for (int i = 0; i < studies.size(); i++) {
            int study = i;
            attributes
                    .get(i)
                    .groups()
                    .forEach(g -> members.computeIfAbsent(g.attribute(), a -> new TreeMap<>())
                            .computeIfAbsent(g.value(), v -> new ArrayList<>())
                            .add(study));
        }
        List<SubgroupMetrics> out = new ArrayList<>();
        members.forEach((attribute, values) -> values.forEach((value, indices) -> {
            List<ScoredCase> cases = indices.stream().map(studies::get).toList();
            out.add(new SubgroupMetrics(
                    attribute,
                    value,
                    LabelMetrics.ofIndependent(
                            HemorrhageLabel.ANY,
                            EvaluationSamples.scores(cases, HemorrhageLabel.ANY),
                            EvaluationSamples.truths(cases, HemorrhageLabel.ANY),
                            threshold)));
        }));
        return out;
    }

    OptionalDouble sensitivity() {
        return any.atThreshold().sensitivity();
    }

    OptionalDouble specificity() {
        return any.atThreshold().specificity();
    }
}
