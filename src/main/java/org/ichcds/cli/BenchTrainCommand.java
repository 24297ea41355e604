package org.ichcds.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ichcds.inference.Box;
import org.ichcds.inference.Calibration;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.Trainer;
import org.ichcds.training.TrainerOptions;
import org.ichcds.training.TrainingBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Measure the training step time of a network on random slices (median of repeated steps).")
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--model", description = "small or resnet50v2 (default: ${DEFAULT-VALUE})", defaultValue = "small")
    String model;

    @Option(names = "--input", description = "input side in pixels, 0 = the model's default", defaultValue = "0")
    int input;

    @Option(names = "--width", description = "first-stage width of the small network, 0 = default", defaultValue = "0")
    int width;

    @Option(
            names = "--blocks",
            description = "residual blocks per stage of the small network, 0 = default",
            defaultValue = "0")
    int blocks;

    @Option(
            names = "--batch",
            split = ",",
            description = "batch sizes (default: ${DEFAULT-VALUE})",
            defaultValue = "16,32")
    List<Integer> batches;

    @Option(
            names = "--steps",
            description = "measured steps per batch size (default: ${DEFAULT-VALUE})",
            defaultValue = "8")
    int steps;

    @Option(names = "--export", description = "also export the network (random weights) with a manifest here")
    Path export;

    @Override
    public Integer call() throws Exception {
        ModelConfig config = ModelConfig.named(model, input);
        if ((width > 0 || blocks > 0) && model.equals("small")) {
            ModelConfig s = ModelConfig.small(config.inputSize(), width > 0 ? width : config.stemWidth());
            List<Integer> perStage = blocks > 0 ? List.of(blocks, blocks, blocks, blocks) : s.stageBlocks();
            config = new ModelConfig(
                    s.name(),
                    s.inputSize(),
                    s.stemWidth(),
                    s.stemKernel(),
                    s.stageWidths(),
                    perStage,
                    false,
                    s.detectorWidth());
        }
        System.out.println(
                NativeRuntime.current().describe(TrainerOptions.defaults().threads()));
        System.out.printf(
                "%s %dx%d, grid %d, widths %s, blocks %s%n",
                config.name(),
                config.inputSize(),
                config.inputSize(),
                config.gridSize(),
                config.stageWidths(),
                config.stageBlocks());
        try (Trainer trainer = new Trainer(config, TrainerOptions.defaults())) {
            System.out.printf("%,d trainable parameters%n", trainer.parameterCount());
            for (int batch : batches) {
                TrainingBatch data = randomBatch(batch, config.inputSize(), new Random(batch));
                trainer.trainStep(data); // first step compiles and allocates
                double[] ms = new double[steps];
                for (int i = 0; i < steps; i++) {
                    long start = System.nanoTime();
                    trainer.trainStep(data);
                    ms[i] = Timings.since(start);
                }
                double median = new Timings(ms).median();
                System.out.printf("batch %d: %.0f ms per step, %.1f ms per slice%n", batch, median, median / batch);
            }
            if (export != null) {
                trainer.export(export, benchManifest(config));
                System.out.println("exported to " + export);
            }
        }
        return 0;
    }

    static TrainingBatch randomBatch(int count, int size, Random random) {
        float[] images = new float[count * size * size * 3];
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        float[] labels = new float[count * HemorrhageLabel.COUNT];
        List<List<Box>> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean positive = i % 2 == 1;
            labels[i * HemorrhageLabel.COUNT] = positive ? 1 : 0;
            labels[i * HemorrhageLabel.COUNT + HemorrhageLabel.SUBDURAL.ordinal()] = positive ? 1 : 0;
            boxes.add(
                    positive
                            ? List.of(Box.truth(HemorrhageLabel.SUBDURAL, size / 4f, size / 4f, size / 5f, size / 3f))
                            : List.of());
        }
        return new TrainingBatch(images, count, size, size, labels, boxes);
    }

    private static ModelManifest benchManifest(ModelConfig config) {
        Map<String, Double> thresholds = new TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.5));
        return new ModelManifest(
                "bench-" + config.name(),
                "0.0.0",
                config.toString(),
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(config.inputSize(), config.inputSize()),
                ModelManifest.standardWindows(),
                thresholds,
                Map.of(),
                "none: random weights for benchmarks",
                Map.of(),
                Calibration.identity());
    }
}
