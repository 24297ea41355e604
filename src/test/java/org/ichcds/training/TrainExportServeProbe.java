package org.ichcds.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.TensorFlowModelRunner;

/**
 * Run in a JVM of its own by {@link NativeRuntimeForkTest}: trains the network shape that used to corrupt the native
 * heap (4 input channels at the strided 1×1 shortcuts), exports it, reloads it the way the server does and runs
 * inference batches. A native abort kills only this process, and the test sees its exit status.
 *
 * <p>Arguments: a working directory, the training steps, the inference batches.
 */
final class TrainExportServeProbe {

    static final int SIZE = TrainerTest.SIZE;
    static final int BATCH = 8;
    static final String DONE = "probe finished";

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int steps = Integer.parseInt(args[1]);
        int inferences = Integer.parseInt(args[2]);
        Random random = new Random(7);
        Path model = dir.resolve("model");
        try (Trainer trainer = new Trainer(TrainerTest.tiny(), TrainerOptions.defaults())) {
            float first = Float.NaN;
            float last = Float.NaN;
            for (int i = 0; i < steps; i++) {
                last = trainer.trainStep(batch(random)).total();
                first = i == 0 ? last : first;
            }
            System.out.printf("trained %d steps: loss %.4f -> %.4f%n", steps, first, last);
            trainer.export(model, TrainerTest.manifest());
        }
        try (TensorFlowModelRunner runner =
                TensorFlowModelRunner.open(model, RunnerOptions.defaults().withBatchSize(BATCH))) {
            float[] slices = images(BATCH, random);
            List<SlicePrediction> reference = runner.predict(slices, BATCH, SIZE, SIZE);
            for (int i = 0; i < inferences; i++) {
                if (!same(runner.predict(slices, BATCH, SIZE, SIZE), reference)) {
                    throw new IllegalStateException("inference batch " + i + " differs from the first one");
                }
            }
            System.out.printf("served %d inference batches of %d, all equal to the first%n", inferences, BATCH);
        }
        System.out.println(DONE);
    }

    private static boolean same(List<SlicePrediction> a, List<SlicePrediction> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).probabilities(), b.get(i).probabilities())
                    || !a.get(i).boxes().equals(b.get(i).boxes())) {
                return false;
            }
        }
        return a.size() == b.size();
    }

    private static TrainingBatch batch(Random random) {
        float[] labels = new float[BATCH * HemorrhageLabel.COUNT];
        for (int i = 1; i < BATCH; i += 2) {
            labels[i * HemorrhageLabel.COUNT] = 1f;
        }
        return new TrainingBatch(
                images(BATCH, random), BATCH, SIZE, SIZE, labels, Collections.nCopies(BATCH, List.of()));
    }

    private static float[] images(int count, Random random) {
        float[] values = new float[count * SIZE * SIZE * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    private TrainExportServeProbe() {}
}
