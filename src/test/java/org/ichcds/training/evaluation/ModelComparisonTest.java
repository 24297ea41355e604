package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ichcds.training.evaluation.PredictionsCsvTest.study;

import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {

    /** Eight studies, half positive; model b ranks one negative above one positive, model a ranks all correctly. */
    static Predictions a() {
        return new Predictions(List.of(
                study("s1", true, 0.9),
                study("s2", true, 0.8),
                study("s3", true, 0.7),
                study("s4", true, 0.6),
                study("s5", false, 0.4),
                study("s6", false, 0.3),
                study("s7", false, 0.2),
                study("s8", false, 0.1)));
    }

    static Predictions b() {
        List<Predictions.Study> studies = new ArrayList<>(List.of(
                study("s1", true, 0.9),
                study("s2", true, 0.8),
                study("s3", true, 0.7),
                study("s4", true, 0.35),
                study("s5", false, 0.4),
                study("s6", false, 0.3),
                study("s7", false, 0.2),
                study("s8", false, 0.1)));
        java.util.Collections.reverse(studies);
        return new Predictions(studies);
    }

    @Test
    void studiesArePairedByIdWhateverTheirOrder() {
        ModelComparison comparison = ModelComparison.of(a(), b());

        assertThat(comparison.studies()).isEqualTo(8);
        ModelComparison.LabelComparison any = comparison.labels().get(0);
        assertThat(any.label()).isEqualTo(HemorrhageLabel.ANY);
        assertThat(any.positives()).isEqualTo(4);
        DeLong.Difference d = any.difference().orElseThrow();
        assertThat(d.aucA()).isEqualTo(1.0);
        assertThat(d.aucB()).isEqualTo(15 / 16.0);
        assertThat(d.difference()).isEqualTo(1 / 16.0);
        // the subtypes have no positive study here: no AUC to compare
        assertThat(comparison.labels().get(1).difference()).isEmpty();
        assertThat(comparison.markdown("eval/a", "eval/b"))
                .contains("on the same 8 studies: a = eval/a, b = eval/b")
                .contains("| any | 4 | 1.000 | 0.938 | +0.063 |")
                .contains("| epidural | 0 | n/a | n/a | n/a | n/a | n/a |");
    }

    @Test
    void evaluationsOfDifferentStudiesOrTruthsAreRefusedNamingAStudy() {
        Predictions fewer = new Predictions(a().studies().subList(0, 7));
        assertThatThrownBy(() -> ModelComparison.of(a(), fewer))
                .hasMessageContaining("study s8 is in the first evaluation and not in the second");
        assertThatThrownBy(() -> ModelComparison.of(fewer, a()))
                .hasMessageContaining("the second evaluation holds 8 studies, the first 7");
        List<Predictions.Study> flipped = new ArrayList<>(a().studies());
        flipped.set(2, study("s3", false, 0.7));
        assertThatThrownBy(() -> ModelComparison.of(a(), new Predictions(flipped)))
                .hasMessageContaining(
                        "study s3 is positive for any in the first evaluation and negative in the" + " second");
    }
}
