package org.ichcds.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.ichcds.analysis.StudyTarget;
import org.ichcds.analysis.VolumeAnalyzer;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLimits;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.dicom.SyntheticCtSeries;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.pacs.OrthancServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds bench big-study}: one large study through the analysis path of the server (QIDO-RS, series selection,
 * WADO-RS fetch and parse, HU volume, preprocessing, the model), in the heap {@code serve} runs with, printing the
 * peak resident memory and heap. Prints figures; asserts nothing.
 */
@Command(
        name = "big-study",
        mixinStandardHelpOptions = true,
        description =
                "Store a large synthetic CT series in Orthanc (a private one on a free port) and analyse it as the"
                        + " server does; print the time per stage, the peak resident memory (VmHWM) and the peak heap.")
final class BenchBigStudyCommand implements Callable<Integer> {

    private static final int UPLOAD_BATCH = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--slices", defaultValue = "1000", description = "slices (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--matrix", defaultValue = "512", description = "rows = columns (default: ${DEFAULT-VALUE})")
    int matrix;

    @Option(
            names = "--model",
            defaultValue = Main.DEFAULT_MODEL,
            description = "model directory (default: ${DEFAULT-VALUE})")
    Path model;

    @Override
    public Integer call() throws Exception {
        if (slices < 1 || slices > 5000 || matrix < 8 || matrix > 1024) {
            throw new OneLineErrors.UsageException(
                    "need 1-5000 slices and a matrix of 8-1024: got " + slices + ", " + matrix);
        }
        var out = spec.commandLine().getOut();
        out.println(NativeRuntime.current().describe(0));
        out.printf(Locale.ROOT, "max heap %d MB (-Xmx)%n", Runtime.getRuntime().maxMemory() >> 20);
        AnalyzeCommand.quietPixelMed();
        Settings settings = Settings.load();
        Path dir = Files.createTempDirectory("ichcds-bench-");
        try (OrthancServer pacs = OrthancServer.startOnFreePort(dir);
                ModelRunner runner = TensorFlowModelRunner.open(model, RunnerOptions.defaults())) {
            DicomWebClient client = new DicomWebClient(pacs.endpoint(), settings.dicomWeb());
            SyntheticCtSeries series = store(client);
            System.gc();
            resetPeakResidentMemory();
            resetPeakHeap();
            out.printf(Locale.ROOT, "before the analysis: resident %d MB%n", status("VmRSS") >> 10);
            analyse(client, series, runner);
        } finally {
            BenchReadCommand.deleteTree(dir);
        }
        return 0;
    }

    /** Stores the series in batches, so that the benchmark itself never holds the whole study. */
    private SyntheticCtSeries store(DicomWebClient client) {
        SyntheticCtSeries series = new SyntheticCtSeries();
        series.slices = slices;
        series.rows = matrix;
        series.columns = matrix;
        series.pixelSpacing = 230.0 / matrix;
        series.sliceSpacing = 0.625;
        series.thickness = 0.625;
        long start = System.nanoTime();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            batch.add(SyntheticCtSeries.bytes(series.slice(i)));
            if (batch.size() == UPLOAD_BATCH || i == slices - 1) {
                client.store(batch);
                batch.clear();
            }
        }
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "stored %d slices of %d² in %.1f s%n",
                        slices,
                        matrix,
                        (System.nanoTime() - start) / 1e9);
        return series;
    }

    private void analyse(DicomWebClient client, SyntheticCtSeries series, ModelRunner runner) throws Exception {
        var out = spec.commandLine().getOut();
        long start = System.nanoTime();
        LoadedStudy study = new StudyLoader(StudyLimits.defaults()).fromDicomWeb(client, series.studyUid);
        long loaded = System.nanoTime();
        out.printf(
                Locale.ROOT,
                "loaded %d slices (QIDO-RS, selection, WADO-RS, parse, HU) in %.1f s: resident peak %d MB, heap peak"
                        + " %d MB%n",
                study.volume().sliceCount(),
                (loaded - start) / 1e9,
                status("VmHWM") >> 10,
                peakHeap() >> 20);
        StudyTarget target = new StudyTarget(series.studyUid, URI.create("bench:big-study"), null, null, List.of());
        VolumeAnalyzer.Analysis analysis = new VolumeAnalyzer(
                        runner, new StudyAggregator(StudyAggregator.Options.defaults()))
                .analyze(UUID.randomUUID().toString(), target, study.volume());
        out.printf(
                Locale.ROOT,
                "preprocessed in %.1f s, predicted in %.1f s; %d labels%n",
                analysis.preprocessMs() / 1e3,
                analysis.inferMs() / 1e3,
                analysis.findings().findings().size());
        out.printf(
                Locale.ROOT,
                "whole analysis %.1f s: resident peak (VmHWM) %d MB, heap peak %d MB of %d MB%n",
                (System.nanoTime() - start) / 1e9,
                status("VmHWM") >> 10,
                peakHeap() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** A field of /proc/self/status, in kB (0 where there is no such file). */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Linux proc(5) clear_refs: writing 5 resets the peak resident set size. */
    private static void resetPeakResidentMemory() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            // not Linux, or not allowed: the peak then includes storing the series
        }
    }

    private static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
