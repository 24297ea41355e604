package org.ichcds.cli;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.TensorFlowModelRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "infer",
        mixinStandardHelpOptions = true,
        description = "Measure CPU inference time of a model directory: one slice, and a series of slices"
                + " (median of repeated runs, decoding and NMS included).")
final class BenchInferCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "model directory (SavedModel + manifest.json)")
    Path modelDirectory;

    @Option(names = "--slices", description = "slices per series (default: ${DEFAULT-VALUE})", defaultValue = "40")
    int slices;

    @Option(
            names = "--batch",
            description = "slices per TensorFlow call (default: ${DEFAULT-VALUE})",
            defaultValue = "16")
    int batch;

    @Option(names = "--runs", description = "measured runs (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int runs;

    @Option(names = "--threads", description = "TensorFlow threads, 0 = one per core", defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (slices < 1 || runs < 1) {
            throw new IllegalArgumentException("--slices " + slices + " and --runs " + runs + " must be positive");
        }
        RunnerOptions defaults = RunnerOptions.defaults();
        RunnerOptions options = new RunnerOptions(batch, false, threads, defaults.minBoxScore(), defaults.nmsIou());
        System.out.println(NativeRuntime.current().describe(threads));
        long loadStart = System.nanoTime();
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(modelDirectory, options)) {
            System.out.printf(
                    "loaded and verified %s %s in %.0f ms%n",
                    runner.manifest().id(), runner.manifest().version(), Timings.since(loadStart));
            ModelManifest.InputSize size = runner.manifest().inputSize();
            float[] series = random(slices, size);
            float[] one = random(1, size);
            // the series as the server runs it: the slice network in batches, then the sequence head if there is one
            runner.predictSeries(series, slices, size.height(), size.width()); // warm-up
            double single = measure(() -> runner.predict(one, 1, size.height(), size.width()));
            double whole = measure(() -> runner.predictSeries(series, slices, size.height(), size.width()));
            System.out.printf("1 slice: %.1f ms%n", single);
            System.out.printf(
                    "%d slices (batch %d%s): %.0f ms, %.1f ms per slice%n",
                    slices,
                    batch,
                    runner.manifest().hasSequenceHead() ? ", then the sequence head" : "",
                    whole,
                    whole / slices);
        }
        return 0;
    }

    private double measure(Runnable work) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            ms[i] = Timings.since(start);
        }
        return new Timings(ms).median();
    }

    private static float[] random(int count, ModelManifest.InputSize size) {
        Random random = new Random(count);
        float[] values = new float[count * size.height() * size.width() * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }
}
