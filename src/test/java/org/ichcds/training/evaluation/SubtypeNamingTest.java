package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

/**
 * Evaluation calls a study as the server does (a subtype only in a study called for {@code any}) and counts the
 * subtypes a card would name against the truth.
 */
class SubtypeNamingTest {

    /** Thresholds 0.5; probabilities and truths in label order. */
    private static ScoredCase study(String id, double[] p, int... truthLabels) {
        boolean[] t = new boolean[HemorrhageLabel.COUNT];
        for (int label : truthLabels) {
            t[label] = true;
        }
        return new ScoredCase(id, p, t);
    }

    private static final int ANY = 0;
    private static final int EDH = 1;
    private static final int IPH = 2;
    private static final int SAH = 4;
    private static final int SDH = 5;

    private static EvaluationSamples samples() {
        EvaluationSamples samples = new EvaluationSamples();
        // subdural only; called subdural right and subarachnoid and epidural wrong
        samples.addStudy(study("a", new double[] {0.9, 0.6, 0.1, 0.1, 0.7, 0.9, 0.1}, ANY, SDH));
        // subdural and intraparenchymal; called exactly
        samples.addStudy(study("b", new double[] {0.8, 0.1, 0.8, 0.1, 0.1, 0.6, 0.1}, ANY, SDH, IPH));
        // intraparenchymal, missed entirely ('any' below its threshold): its subtype is not called, though at 0.9
        samples.addStudy(study("c", new double[] {0.4, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1}, ANY, IPH));
        // epidural and subarachnoid; epidural named, subarachnoid missed
        samples.addStudy(study("d", new double[] {0.7, 0.8, 0.1, 0.1, 0.2, 0.1, 0.1}, ANY, EDH, SAH));
        // no hemorrhage, not called for 'any', subdural at 0.8 not called
        samples.addStudy(study("e", new double[] {0.2, 0.1, 0.1, 0.1, 0.1, 0.8, 0.1}));
        // no hemorrhage, called for 'any' and subdural: counted in specificity, not in the naming
        samples.addStudy(study("f", new double[] {0.6, 0.1, 0.1, 0.1, 0.1, 0.7, 0.1}));
        return samples;
    }

    @Test
    void namingCountsTheSubtypesCalledOnTheHemorrhageStudiesCalledForAny() {
        SubtypeNaming n = EvaluationMetrics.of(samples(), EvaluationOutputTest.thresholds())
                .subtypeNaming();

        assertThat(n.studies()).isEqualTo(3); // a, b, d
        assertThat(n.right()).isEqualTo(4); // a: SDH; b: SDH, IPH; d: EDH
        assertThat(n.wrong()).isEqualTo(2); // a: EDH, SAH
        assertThat(n.missed()).isEqualTo(1); // d: SAH
        assertThat(n.exact()).isEqualTo(1); // b
        assertThat(n.withWrong()).isEqualTo(1); // a
        assertThat(n.precision().getAsDouble()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(n.recall().getAsDouble()).isCloseTo(4.0 / 5, within(1e-12));
        assertThat(n.wrongPerStudy().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void aSubtypeIsCalledOnlyInAStudyCalledForAny() {
        EvaluationMetrics m = EvaluationMetrics.of(samples(), EvaluationOutputTest.thresholds());

        // intraparenchymal: b called, c at 0.9 but not called ('any' 0.4): sensitivity 1/2, not 2/2
        Confusion iph = m.study(HemorrhageLabel.INTRAPARENCHYMAL).atThreshold();
        assertThat(iph.truePositives()).isEqualTo(1);
        assertThat(iph.falseNegatives()).isEqualTo(1);
        // subdural: negatives e (0.8, 'any' not called) and f (0.7, called): one false positive, not two
        Confusion sdh = m.study(HemorrhageLabel.SUBDURAL).atThreshold();
        assertThat(sdh.falsePositives()).isEqualTo(1);
        assertThat(sdh.truePositives()).isEqualTo(2);
        // the AUC is the probability's, whatever the calls: c's 0.9 still ranks above every negative
        assertThat(m.study(HemorrhageLabel.INTRAPARENCHYMAL).auc().getAsDouble())
                .isEqualTo(1.0);
        // slices are called on their own probability
        assertThat(m.slice(HemorrhageLabel.INTRAPARENCHYMAL).cases()).isZero();
    }

    @Test
    void reportMetricsJsonAndSummaryCarryTheNaming() throws Exception {
        EvaluationMetrics m = EvaluationMetrics.of(samples(), EvaluationOutputTest.thresholds());

        JsonNode json = new ObjectMapper().readTree(MetricsJson.render(m, EvaluationOutputTest.context()));
        assertThat(json.at("/subtype_naming/studies").asInt()).isEqualTo(3);
        assertThat(json.at("/subtype_naming/wrong").asInt()).isEqualTo(2);
        assertThat(json.at("/subtype_naming/exact_share").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ReportMarkdown.render(m, EvaluationOutputTest.context(), "roc.png", "reliability.png"))
                .contains("## Subtypes named on flagged studies")
                .contains("| subtypes named: right / wrong / missed | 4 / 2 / 1 |")
                .contains("| studies named exactly right | 1 (0.333) |");
        assertThat(ReportMarkdown.summary(m))
                .contains("subtypes named on 3 flagged hemorrhage studies: 4 right, 2 wrong, 1 missed");
    }
}
