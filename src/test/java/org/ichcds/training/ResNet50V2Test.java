package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The published architecture builds and takes a step on a tiny batch (it is meant for GPUs and real data). */
class ResNet50V2Test {

    @Test
    void buildsAndTrainsOneStep() {
        ModelConfig config = ModelConfig.resnet50v2(64);
        try (Trainer trainer = new Trainer(config, TrainerOptions.defaults())) {
            // ResNet50V2's backbone holds about 23.5 million weights; the two heads add about 2.5 million
            assertThat(trainer.parameterCount()).isBetween(23_000_000L, 28_000_000L);
            TrainingBatch batch = SyntheticSquares.batch(2, 64, 3);
            LossValues loss = trainer.trainStep(batch);
            assertThat(Float.isFinite(loss.total())).isTrue();
            ModelOutputs outputs = trainer.predict(batch.images(), 2);
            assertThat(outputs.grid()).isEqualTo(4);
            assertThat(outputs.probabilities()).hasSize(2 * 7);
            for (float p : outputs.probabilities()) {
                assertThat(p).isBetween(0f, 1f);
            }
        }
    }
}
