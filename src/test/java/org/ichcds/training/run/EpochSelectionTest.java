package org.ichcds.training.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochSelectionTest {

    // epoch 2 has the lowest loss, epoch 3 the highest AUC: as when a doubly weighted detector drives the loss
    private static final List<EpochSummary> RUN = List.of(
            new EpochSummary(1, 9, 5.5, 0.80, 1),
            new EpochSummary(2, 8, 3.4, 0.85, 1),
            new EpochSummary(3, 7, 3.6, 0.90, 1),
            new EpochSummary(4, 6, 3.5, 0.90, 1),
            new EpochSummary(5, 5, 6.8, 0.70, 1));

    @Test
    void aucKeepsTheEpochWithTheHighestSliceAucAndTheEarlierOnTies() {
        assertThat(EpochSelection.AUC.best(RUN)).map(EpochSummary::epoch).contains(3);
    }

    @Test
    void lossKeepsTheEpochWithTheLowestValidationLoss() {
        assertThat(EpochSelection.LOSS.best(RUN)).map(EpochSummary::epoch).contains(2);
    }

    @Test
    void aucFallsBackToTheLossWhenNoEpochHasAnAuc() {
        List<EpochSummary> oneClass =
                List.of(new EpochSummary(1, 9, 2.0, Double.NaN, 1), new EpochSummary(2, 8, 1.5, Double.NaN, 1));

        assertThat(EpochSelection.AUC.best(oneClass)).map(EpochSummary::epoch).contains(2);
    }

    @Test
    void anEpochWithoutAFiniteLossIsNeverKept() {
        List<EpochSummary> diverged =
                List.of(new EpochSummary(1, 9, 2.0, 0.7, 1), new EpochSummary(2, 8, Double.NaN, 0.99, 1));

        assertThat(EpochSelection.AUC.best(diverged)).map(EpochSummary::epoch).contains(1);
        assertThat(EpochSelection.AUC.best(List.of(new EpochSummary(1, 9, Double.NaN, 0.9, 1))))
                .isEmpty();
    }

    @Test
    void patienceCountsFromTheBestEpochOfTheSameSelection(@TempDir Path dir) throws Exception {
        RunHistory history = RunHistory.fresh(dir);
        for (EpochSummary e : RUN) {
            history.add(e);
        }

        assertThat(history.epochsSinceBest(EpochSelection.AUC)).isEqualTo(2);
        assertThat(history.epochsSinceBest(EpochSelection.LOSS)).isEqualTo(3);
        // a resumed run reads the same history back
        assertThat(RunHistory.in(dir).best(EpochSelection.AUC))
                .map(EpochSummary::epoch)
                .contains(3);
    }

    @Test
    void parsesTheOptionAndRefusesAnythingElse() {
        assertThat(EpochSelection.parse("auc")).isEqualTo(EpochSelection.AUC);
        assertThat(EpochSelection.parse("loss")).isEqualTo(EpochSelection.LOSS);
        assertThatThrownBy(() -> EpochSelection.parse("f1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use auc or loss");
    }
}
