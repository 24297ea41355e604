package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

    /** Two batches of synthetic squares per epoch, different every epoch. */
    static final BatchSource SQUARES = new BatchSource() {
        @Override
        public int batchCount() {
            return 2;
        }

        @Override
        public TrainingBatch batch(int epoch, int index) {
            return SyntheticSquares.batch(4, TrainerTest.SIZE, epoch * 100L + index);
        }
    };

    @Test
    void checkpointsEveryEpochAndResumesAfterTheLast(@TempDir Path dir) throws Exception {
        try (Trainer trainer = new Trainer(TrainerTest.tiny(), TrainerOptions.defaults())) {
            List<EpochResult> first =
                    new TrainingLoop(trainer, dir, new TrainingLoop.Listener() {}).run(SQUARES, SQUARES, 2, false);
            assertThat(first).extracting(EpochResult::epoch).containsExactly(1, 2);
            assertThat(first.get(1).validation()).isNotNull();
        }
        try (Trainer trainer = new Trainer(TrainerTest.tiny(), TrainerOptions.defaults())) {
            List<Integer> steps = new java.util.ArrayList<>();
            TrainingLoop.Listener listener = new TrainingLoop.Listener() {
                @Override
                public void step(int epoch, int index, int batches, LossValues loss) {
                    steps.add(epoch);
                }
            };
            List<EpochResult> resumed = new TrainingLoop(trainer, dir, listener).run(SQUARES, null, 3, true);
            assertThat(resumed).extracting(EpochResult::epoch).containsExactly(3);
            assertThat(resumed.get(0).validation()).isNull();
            assertThat(steps).containsExactly(3, 3);
        }
    }

    @Test
    void zeroEpochsValidateAndSaveTheStartWeightsWithoutAStep(@TempDir Path dir) throws Exception {
        try (Trainer trainer = new Trainer(TrainerTest.tiny(), TrainerOptions.defaults())) {
            TrainingBatch probe = SQUARES.batch(0, 0);
            float[] before = trainer.predict(probe.images(), probe.count()).probabilities();
            List<String> heard = new java.util.ArrayList<>();
            TrainingLoop.Listener listener = new TrainingLoop.Listener() {
                @Override
                public void step(int epoch, int index, int batches, LossValues loss) {
                    heard.add("step");
                }

                @Override
                public void epoch(EpochResult result) {
                    heard.add("epoch " + result.epoch());
                }
            };
            List<EpochResult> results = new TrainingLoop(trainer, dir, listener).run(SQUARES, SQUARES, 0, false);
            assertThat(heard).containsExactly("epoch 0");
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.epoch()).isZero();
                assertThat(r.training()).isNull();
                assertThat(r.validation().total()).isFinite();
            });
            // no step: the weights are as they were, and saved as epoch 0
            assertThat(trainer.predict(probe.images(), probe.count()).probabilities())
                    .containsExactly(before);
            trainer.restoreCheckpoint(dir, 0);
            assertThat(trainer.predict(probe.images(), probe.count()).probabilities())
                    .containsExactly(before);
            assertThatThrownBy(
                            () -> new TrainingLoop(trainer, dir.resolve("again"), listener).run(SQUARES, null, 0, true))
                    .hasMessage("0 epochs leave nothing to resume: the start weights are kept");
        }
    }

    @Test
    void aFreshRunRefusesADirectoryThatHoldsOne(@TempDir Path dir) throws Exception {
        try (Trainer trainer = new Trainer(TrainerTest.tiny(), TrainerOptions.defaults())) {
            TrainingLoop loop = new TrainingLoop(trainer, dir, new TrainingLoop.Listener() {});
            loop.run(SQUARES, null, 1, false);
            assertThatThrownBy(() -> loop.run(SQUARES, null, 2, false)).hasMessageContaining("resume it");
        }
    }
}
