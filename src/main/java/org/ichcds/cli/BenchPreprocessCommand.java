package org.ichcds.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ichcds.dicom.CtVolume;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.training.phantoms.PhantomGenerator;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomStudy;
import org.ichcds.training.phantoms.StudyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ichcds bench preprocess}: phantom generation speed (slices/s, all cores, in memory) and preprocessing time
 * (HU volume to model tensors) per study, as the median of repeated runs on 512² phantoms resampled to 40 slices.
 */
@Command(
        name = "preprocess",
        mixinStandardHelpOptions = true,
        description = "Measure phantom generation (slices/s) and preprocessing (ms per 40-slice 512x512 study).")
final class BenchPreprocessCommand implements Callable<Integer> {

    @Option(
            names = "--studies",
            defaultValue = "8",
            description = "studies generated per matrix (default: ${DEFAULT-VALUE})")
    int studies;

    @Option(
            names = "--runs",
            defaultValue = "15",
            description = "preprocessing runs per study (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        if (studies < 1 || runs < 1) {
            throw new OneLineErrors.UsageException("--studies and --runs must be at least 1");
        }
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println(NativeRuntime.current().describe(0));
        System.out.printf("cores: %d%n", threads);
        generation(256, threads);
        List<PhantomStudy> large = generation(512, threads);
        Preprocessor preprocessor = new Preprocessor(PreprocessingSettings.defaults());
        List<Double> times = new ArrayList<>();
        List<Double> cpuTimes = new ArrayList<>();
        for (PhantomStudy study : large) {
            CtVolume volume = fortySlices(study.volume());
            for (int run = 0; run < runs; run++) {
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                preprocessor.preprocess(volume);
                if (run >= 2) {
                    times.add((System.nanoTime() - start) / 1e6);
                    cpuTimes.add((processCpuNanos() - cpu) / 1e6);
                }
            }
        }
        double[] sorted =
                times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                "preprocess 40x512x512 -> 40x256x256x3: median %.1f ms, p10 %.1f ms, p90 %.1f ms (%d runs)%n",
                sorted[sorted.length / 2], sorted[sorted.length / 10], sorted[sorted.length * 9 / 10], sorted.length);
        // on a shared machine wall time includes waiting for a core; CPU time is what the work itself costs
        double[] cpu =
                cpuTimes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("preprocess CPU time (all threads): median %.1f ms per study%n", cpu[cpu.length / 2]);
        return 0;
    }

    private List<PhantomStudy> generation(int matrix, int threads) throws Exception {
        PhantomGenerator generator = new PhantomGenerator(new PhantomSettings(99, matrix, 0.5));
        List<StudyPlan> plans = generator.plan(studies);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        List<PhantomStudy> out = new ArrayList<>();
        try {
            List<Future<PhantomStudy>> futures = new ArrayList<>();
            for (StudyPlan plan : plans) {
                futures.add(pool.submit(() -> generator.generate(plan)));
            }
            for (Future<PhantomStudy> f : futures) {
                out.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        int slices = out.stream().mapToInt(s -> s.volume().sliceCount()).sum();
        System.out.printf(
                "generate %d studies %dx%d: %d slices in %.1f s = %.0f slices/s (%.0f slices per CPU second)%n",
                studies, matrix, matrix, slices, seconds, slices / seconds, slices / cpu);
        return out;
    }

    /** The study's slices repeated or cut to exactly 40, the size of a typical 5 mm head series. */
    private static CtVolume fortySlices(CtVolume v) {
        return slices(v, 40);
    }

    /**
     * The study's middle {@code count} slices (repeated when it has fewer), renumbered and restacked at its thickness.
     */
    static CtVolume slices(CtVolume v, int count) {
        List<CtVolume.CtSlice> slices = new ArrayList<>();
        int first = Math.max(0, (v.sliceCount() - count) / 2);
        for (int i = 0; i < count; i++) {
            CtVolume.CtSlice s = v.slices().get((first + i) % v.sliceCount());
            double[] position = Arrays.copyOf(s.positionMm(), 3);
            position[2] = i * v.sliceThicknessMm();
            slices.add(new CtVolume.CtSlice(s.sopInstanceUid() + "." + i, i + 1, position, s.hu()));
        }
        return new CtVolume(
                v.studyUid(),
                v.seriesUid(),
                v.rows(),
                v.columns(),
                v.rowSpacingMm(),
                v.columnSpacingMm(),
                v.sliceThicknessMm(),
                v.sliceSpacingMm(),
                v.orientation(),
                slices);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
