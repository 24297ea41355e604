package org.ichcds.training.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.training.evaluation.Evaluation;
import org.junit.jupiter.api.Test;

class HeadLabelsTest {

    private static final ModelManifest.SequenceHead HEAD = new ModelManifest.SequenceHead("sequence", 8, "test")
            .withLabels(List.of(HemorrhageLabel.ANY, HemorrhageLabel.CHRONIC));

    /**
     * Eight studies, the first four positive for every label but chronic (no positive). The head ranks every label
     * perfectly except intraparenchymal, which it ranks backwards, and subdural, where one positive falls among the
     * negatives; the slice network ranks intraparenchymal and subdural perfectly and every other label at chance.
     */
    private static Evaluation.StudySources sources(List<boolean[]> truths) {
        List<float[]> head = new ArrayList<>();
        List<float[]> network = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean positive = i < 4;
            boolean[] truth = new boolean[HemorrhageLabel.COUNT];
            float[] h = new float[HemorrhageLabel.COUNT];
            float[] n = new float[HemorrhageLabel.COUNT];
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                int k = label.ordinal();
                truth[k] = positive && label != HemorrhageLabel.CHRONIC;
                h[k] = positive ? 0.8f : 0.2f;
                n[k] = i % 2 == 0 ? 0.6f : 0.4f;
            }
            int iph = HemorrhageLabel.INTRAPARENCHYMAL.ordinal();
            h[iph] = positive ? 0.1f : 0.9f;
            n[iph] = positive ? 0.7f : 0.3f;
            int sdh = HemorrhageLabel.SUBDURAL.ordinal();
            h[sdh] = i == 3 ? 0.3f : i == 7 ? 0.4f : h[sdh];
            n[sdh] = positive ? 0.7f : 0.3f;
            truths.add(truth);
            head.add(h);
            network.add(n);
        }
        return new Evaluation.StudySources(head, network);
    }

    @Test
    void autoKeepsTheHeadUnlessTheSliceNetworkRanksTheLabelSignificantlyBetter() {
        List<boolean[]> truths = new ArrayList<>();
        Evaluation.StudySources sources = sources(truths);
        HeadLabels.Choice choice = HeadLabels.parse("auto").choose(HEAD, sources, truths);
        EnumSet<HemorrhageLabel> expected = EnumSet.allOf(HemorrhageLabel.class);
        expected.remove(HemorrhageLabel.INTRAPARENCHYMAL);
        // chronic has no positive study: no AUC, the head keeps it; subdural: the slice network ranks it better
        // (1.000 against 0.9375) but eight studies cannot tell them apart, so the head keeps it too
        assertThat(choice.served()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(choice.sliceNetworkAuc().get(HemorrhageLabel.SUBDURAL)).hasValue(1.0);
        assertThat(choice.headAuc().get(HemorrhageLabel.SUBDURAL)).hasValue(0.9375);
        assertThat(choice.pValues().get(HemorrhageLabel.SUBDURAL).getAsDouble()).isGreaterThan(HeadLabels.ALPHA);
        assertThat(choice.pValues().get(HemorrhageLabel.INTRAPARENCHYMAL).getAsDouble())
                .isLessThan(HeadLabels.ALPHA);
        assertThat(choice.headAuc().get(HemorrhageLabel.INTRAPARENCHYMAL)).hasValue(0.0);
        assertThat(choice.sliceNetworkAuc().get(HemorrhageLabel.INTRAPARENCHYMAL))
                .hasValue(1.0);
        assertThat(choice.headAuc().get(HemorrhageLabel.CHRONIC)).isEmpty();
        assertThat(choice.metrics())
                .containsEntry("calibration.intraparenchymal.auc.slices", 1.0)
                .containsEntry("calibration.any.auc.head", 1.0)
                .doesNotContainKey("calibration.chronic.auc.head");
        assertThat(choice.report().get(HemorrhageLabel.INTRAPARENCHYMAL.ordinal()))
                .isEqualTo("intraparenchymal  study AUC head 0.000, slice network's maximum 1.000 (p 0.000): served by"
                        + " the slice network");
        assertThat(choice.report().get(HemorrhageLabel.CHRONIC.ordinal()))
                .contains("head n/a")
                .endsWith("the head");

        // the served outputs: the slice network's for intraparenchymal, the head's for the rest
        List<float[]> served = choice.served(sources);
        int iph = HemorrhageLabel.INTRAPARENCHYMAL.ordinal();
        for (int i = 0; i < 8; i++) {
            assertThat(served.get(i)[iph]).isEqualTo(sources.sliceNetwork().get(i)[iph]);
            assertThat(served.get(i)[0]).isEqualTo(sources.head().get(i)[0]);
        }
    }

    @Test
    void keepAllAndListsServeWhatTheySay() {
        List<boolean[]> truths = new ArrayList<>();
        Evaluation.StudySources sources = sources(truths);
        assertThat(HeadLabels.keep().choose(HEAD, sources, truths).served())
                .containsExactlyInAnyOrder(HemorrhageLabel.ANY, HemorrhageLabel.CHRONIC);
        assertThat(HeadLabels.parse("all").choose(HEAD, sources, truths).served())
                .containsExactlyInAnyOrder(HemorrhageLabel.values());
        assertThat(HeadLabels.parse(" subdural , epidural ")
                        .choose(HEAD, sources, truths)
                        .served())
                .containsExactlyInAnyOrder(HemorrhageLabel.SUBDURAL, HemorrhageLabel.EPIDURAL);
        assertThat(HeadLabels.parse("none").choose(HEAD, sources, truths).served())
                .isEmpty();
        assertThatThrownBy(() -> HeadLabels.parse("any,,subdural"))
                .hasMessageContaining("'' is not a label; give keep, auto, all, or a comma-separated list");
    }
}
