package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Two models' study-level AUCs on the same studies, per label, and whether they differ: DeLong's paired test, which
 * counts that both models saw the same studies (the two AUCs are correlated), so a difference far smaller than either
 * AUC's own interval can still be told apart.
 *
 * @param studies studies both evaluations scored
 * @param labels per label in label order: positives, and the difference when the AUC is defined
 */
public record ModelComparison(int studies, List<LabelComparison> labels) {

    /**
     * One label.
     *
     * @param label the label
     * @param positives studies positive for it
     * @param difference model a's AUC against model b's; empty when the set has no positive or no negative study
     */
    public record LabelComparison(HemorrhageLabel label, long positives, Optional<DeLong.Difference> difference) {}

    public ModelComparison {
        labels = List.copyOf(labels);
    }

    /**
     * Compares two evaluations of the same studies (joined on the study id; the order may differ).
     *
     * @throws IllegalArgumentException when the two do not hold the same studies with the same truths, naming one
     *     study that differs
     */
    public static ModelComparison of(Predictions a, Predictions b) {
        Map<String, Predictions.Study> other = b.byId();
        List<Predictions.Study> pairedB = new ArrayList<>();
        for (Predictions.Study s : a.studies()) {
            Predictions.Study t = other.get(s.id());
            if (t == null) {
                throw new IllegalArgumentException("study " + s.id() + " is in the first evaluation and not in the"
                        + " second: compare evaluations of the same data set and split");
            }
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                if (s.truths()[label.ordinal()] != t.truths()[label.ordinal()]) {
                    throw new IllegalArgumentException("study " + s.id() + " is " + truth(s, label) + " for "
                            + label.code() + " in the first evaluation and " + truth(t, label)
                            + " in the second: they were not made on the same data");
                }
            }
            pairedB.add(t);
        }
        if (a.studies().size() != b.studies().size()) {
            throw new IllegalArgumentException(
                    "the second evaluation holds " + b.studies().size() + " studies, the first "
                            + a.studies().size() + ": compare evaluations of the same data set and split");
        }
        if (a.studies().isEmpty()) {
            throw new IllegalArgumentException("the evaluations hold no study");
        }
        Predictions pairedSecond = new Predictions(pairedB);
        List<LabelComparison> labels = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            boolean[] truths = a.truths(label);
            long positives = 0;
            for (boolean t : truths) {
                positives += t ? 1 : 0;
            }
            labels.add(new LabelComparison(
                    label,
                    positives,
                    DeLong.compare(a.probabilities(label), pairedSecond.probabilities(label), truths)));
        }
        return new ModelComparison(a.studies().size(), labels);
    }

    private static String truth(Predictions.Study s, HemorrhageLabel label) {
        return s.truths()[label.ordinal()] ? "positive" : "negative";
    }

    /** A Markdown table: per label, both AUCs, the difference with its 95 % interval, and the p-value. */
    public String markdown(String nameA, String nameB) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Study AUC on the same %d studies: a = %s, b = %s; difference a − b with DeLong's 95 %% interval and"
                        + " two-sided p-value (paired).%n%n",
                studies,
                nameA.replace("|", "\\|"),
                nameB.replace("|", "\\|")));
        out.append("| label | positives | AUC a | AUC b | a − b | 95 % interval | p |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (LabelComparison l : labels) {
            if (l.difference().isEmpty()) {
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | n/a | n/a | n/a | n/a | n/a |%n",
                        l.label().code(),
                        l.positives()));
                continue;
            }
            DeLong.Difference d = l.difference().get();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.3f | %.3f | %+.3f | %+.3f to %+.3f | %s |%n",
                    l.label().code(),
                    l.positives(),
                    d.aucA(),
                    d.aucB(),
                    d.difference(),
                    d.low(),
                    d.high(),
                    d.pValue() < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", d.pValue())));
        }
        return out.toString();
    }
}
