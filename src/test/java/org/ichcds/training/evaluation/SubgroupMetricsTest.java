package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubgroupMetricsTest {

    private static ScoredCase study(String id, boolean positive, double p) {
        double[] probabilities = new double[7];
        boolean[] truths = new boolean[7];
        probabilities[0] = p;
        truths[0] = positive;
        return new ScoredCase(id, probabilities, truths);
    }

    private static StudyAttributes listed(Map<String, String> columns) {
        return new StudyAttributes(512, 512, 5, "H30s", Double.NaN, columns);
    }

    @Test
    void listedColumnsFormSubgroupsAndAStudyCountsOncePerLookAlike() {
        List<ScoredCase> studies =
                List.of(study("a", true, 0.9), study("b", false, 0.6), study("c", true, 0.4), study("d", false, 0.1));
        List<StudyAttributes> attributes = List.of(
                listed(Map.of("style", "randomised", "tilt_deg", "12.5", "motion", "1", "mimics", "pineal;streaks")),
                listed(Map.of("style", "randomised", "tilt_deg", "0", "motion", "0", "mimics", "streaks")),
                listed(Map.of("style", "randomised", "tilt_deg", "0", "motion", "0", "mimics", "none")),
                listed(Map.of("style", "randomised", "tilt_deg", "0", "storage", "unsigned-12", "mimics", "none")));

        List<SubgroupMetrics> groups = SubgroupMetrics.of(studies, attributes, 0.5);

        assertThat(groups)
                .extracting(g -> g.attribute() + "=" + g.value() + ":" + g.any().cases())
                .containsExactly(
                        "matrix=512×512:4",
                        "slice thickness=5.0 mm:4",
                        "kernel=H30s:4",
                        "style=randomised:4",
                        "gantry tilt=none:3",
                        "gantry tilt=tilted:1",
                        "motion=moved:1",
                        "motion=still:2",
                        "pixel storage=unsigned-12:1",
                        "look-alike=none:2",
                        "look-alike=pineal:1",
                        "look-alike=streaks:2");
        SubgroupMetrics streaks = groups.get(groups.size() - 1);
        // a (positive, 0.9) and b (negative, 0.6) at 0.5: sensitivity 1, specificity 0, AUC 1
        assertThat(streaks.sensitivity()).hasValue(1.0);
        assertThat(streaks.specificity()).hasValue(0.0);
        assertThat(streaks.any().auc()).hasValue(1.0);
        assertThat(streaks.any().aucInterval()).isEmpty();
        // no tilt: b (negative, 0.6), c (positive, 0.4), d (negative, 0.1): AUC 0.5, with an interval around it
        SubgroupMetrics untilted = groups.get(4);
        assertThat(untilted.any().auc()).hasValue(0.5);
        assertThat(untilted.any().aucInterval().orElseThrow().low()).isLessThan(0.5);
        assertThat(untilted.any().aucInterval().orElseThrow().high()).isGreaterThan(0.5);
    }

    @Test
    void aStudyWithoutListedColumnsFormsOnlyTheHeaderSubgroups() {
        assertThat(listed(Map.of()).groups())
                .extracting(StudyAttributes.Group::attribute)
                .containsExactly("matrix", "slice thickness", "kernel");
        assertThat(StudyAttributes.UNKNOWN.groups()).isEmpty();
    }
}
