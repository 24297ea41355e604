package org.ichcds.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.ModelPreprocessing;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.preprocessing.ModelInput;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.training.phantoms.PhantomGenerator;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomStudy;
import org.ichcds.training.phantoms.PhantomStyle;
import org.ichcds.training.phantoms.StudyPlan;
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

    @Option(
            names = "--phantoms",
            defaultValue = "0",
            description = "also time this many randomised 512x512 phantom studies, half with a bleed, cut to --slices"
                    + " slices and preprocessed for the model: a model whose work depends on what it sees (test-time"
                    + " flip on some slices) costs what it costs on a head, not on noise (default: ${DEFAULT-VALUE})")
    int phantoms;

    @Override
    public Integer call() throws Exception {
        if (slices < 1 || runs < 1 || phantoms < 0) {
            throw new IllegalArgumentException("--slices " + slices + " and --runs " + runs
                    + " must be positive, --phantoms " + phantoms + " at least 0");
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
            int channels = runner.manifest().inputChannels();
            float[] series = random(slices, size, channels);
            float[] one = random(1, size, channels);
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
            printFlip("random slices", runner.passes());
            if (phantoms > 0) {
                phantomStudies(runner);
            }
        }
        return 0;
    }

    /**
     * Times the series of generated phantom studies, each cut to {@code slices} slices and preprocessed as the model
     * asks; reports the median per study with and without a bleed.
     */
    private void phantomStudies(TensorFlowModelRunner runner) {
        PhantomGenerator generator = new PhantomGenerator(
                new PhantomSettings(99, 512, 0.5, PhantomSettings.Identifiers.DICOM, PhantomStyle.RANDOMISED));
        Preprocessor preprocessor = new Preprocessor(ModelPreprocessing.of(runner.manifest()));
        Map<Boolean, List<Double>> times = new TreeMap<>();
        Map<Boolean, long[]> passes = new TreeMap<>();
        for (StudyPlan plan : generator.plan(phantoms)) {
            PhantomStudy study = generator.generate(plan);
            ModelInput input = preprocessor.preprocess(BenchPreprocessCommand.slices(study.volume(), slices));
            boolean bleed = study.studyLabels()[HemorrhageLabel.ANY.ordinal()];
            TensorFlowModelRunner.Passes before = runner.passes();
            double ms = measure(() -> runner.predictSeries(input.data(), input.slices(), input.size(), input.size()));
            times.computeIfAbsent(bleed, b -> new ArrayList<>()).add(ms);
            TensorFlowModelRunner.Passes after = runner.passes();
            long[] sum = passes.computeIfAbsent(bleed, b -> new long[2]);
            sum[0] += after.slices() - before.slices();
            sum[1] += after.mirrored() - before.mirrored();
        }
        times.forEach((bleed, ms) -> {
            double[] sorted =
                    ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String what = bleed ? "with a bleed" : "without a bleed";
            System.out.printf(
                    "phantom studies %s (%d, randomised 512x512, %d slices): median %.0f ms, slowest %.0f ms%n",
                    what, sorted.length, slices, sorted[sorted.length / 2], sorted[sorted.length - 1]);
            long[] sum = passes.get(bleed);
            printFlip("phantom studies " + what, new TensorFlowModelRunner.Passes(sum[0], sum[1]));
        });
    }

    /** The share of slices a flip model ran mirrored, when it ran any. */
    private static void printFlip(String what, TensorFlowModelRunner.Passes passes) {
        if (passes.mirrored() > 0) {
            System.out.printf(
                    "  test-time flip on %s: %d of %d slices also ran mirrored (%.0f %%)%n",
                    what, passes.mirrored(), passes.slices(), 100 * passes.mirroredShare());
        }
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

    private static float[] random(int count, ModelManifest.InputSize size, int channels) {
        Random random = new Random(count);
        float[] values = new float[count * size.height() * size.width() * channels];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }
}
