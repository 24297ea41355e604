package org.ichcds.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.dicom.SyntheticCtSeries;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.pacs.OrthancServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds bench read}: the median time of a full read of a series from the PACS (WADO-RS fetch, parse, HU
 * volume), split into fetch and parse. Prints figures; asserts nothing.
 */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        description = "Store a synthetic CT series in Orthanc (the configured one if it runs, else a private one on a"
                + " free port) and time repeated full reads: WADO-RS fetch + parse + HU volume.")
final class BenchReadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--slices", defaultValue = "40", description = "slices in the series (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--matrix", defaultValue = "512", description = "rows = columns (default: ${DEFAULT-VALUE})")
    int matrix;

    @Option(names = "--repeats", defaultValue = "15", description = "timed reads (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed reads first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() throws Exception {
        if (slices < 1 || slices > 2000 || matrix < 8 || matrix > 2048 || repeats < 1 || warmup < 0) {
            throw new OneLineErrors.UsageException("need 1-2000 slices, a matrix of 8-2048, at least 1 repeat: got "
                    + slices + ", " + matrix + ", " + repeats);
        }
        System.out.println(NativeRuntime.current().describe(0));
        AnalyzeCommand.quietPixelMed();
        Settings settings = Settings.load();
        OrthancServer configured = new OrthancServer(settings.pacs().toOrthancConfig());
        if (configured.status().running()) {
            run(configured, settings, "the configured PACS at " + configured.baseUrl());
            return 0;
        }
        Path dir = Files.createTempDirectory("ichcds-bench-");
        try (OrthancServer own = OrthancServer.startOnFreePort(dir)) {
            run(own, settings, "a private Orthanc at " + own.baseUrl());
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    private void run(OrthancServer server, Settings settings, String where) throws Exception {
        var out = spec.commandLine().getOut();
        SyntheticCtSeries series = new SyntheticCtSeries();
        series.slices = slices;
        series.rows = matrix;
        series.columns = matrix;
        series.pixelSpacing = 230.0 / matrix;
        List<byte[]> instances = series.toBytes();
        long bytes = instances.stream().mapToLong(b -> b.length).sum();
        DicomWebClient client = new DicomWebClient(server.endpoint(), settings.dicomWeb());
        long storeStart = System.nanoTime();
        client.store(instances);
        out.printf(
                Locale.ROOT,
                "stored %d x %d² (%.1f MB) in %s in %d ms%n",
                slices,
                matrix,
                bytes / 1e6,
                where,
                (System.nanoTime() - storeStart) / 1_000_000);
        try {
            measure(client, series, bytes);
        } finally {
            server.deleteStudy(series.studyUid);
        }
    }

    private void measure(DicomWebClient client, SyntheticCtSeries series, long bytes) throws Exception {
        StudyLoader loader = new StudyLoader();
        List<LoadedStudy.Timings> timings = new ArrayList<>();
        for (int i = 0; i < warmup + repeats; i++) {
            LoadedStudy study = loader.fromDicomWebSeries(client, series.studyUid, series.seriesUid);
            if (study.volume().sliceCount() != slices) {
                throw new IllegalStateException("read " + study.volume().sliceCount() + " slices of " + slices);
            }
            if (i >= warmup) {
                timings.add(study.timings());
            }
        }
        double total = median(timings, t -> t.total().toNanos());
        double fetch = median(timings, t -> t.fetch().toNanos());
        double parseAfterFetch = median(timings, t -> t.total().minus(t.fetch()).toNanos());
        double parseWork = median(timings, t -> t.parse().toNanos());
        var out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "full read, median of %d: %.1f ms (%.0f MB/s)%n",
                repeats,
                total,
                bytes / 1e6 / (total / 1000));
        out.printf(
                Locale.ROOT, "  fetch (WADO-RS until the last byte): %.1f ms (%.0f MB/s)%n", fetch, mbps(bytes, fetch));
        out.printf(
                Locale.ROOT,
                "  parse + HU after the last byte:      %.1f ms (parse work %.1f ms summed over %d threads,"
                        + " overlapping the fetch)%n",
                parseAfterFetch,
                parseWork,
                Runtime.getRuntime().availableProcessors());
    }

    private static double mbps(long bytes, double millis) {
        return bytes / 1e6 / (millis / 1000);
    }

    private static double median(
            List<LoadedStudy.Timings> timings, java.util.function.ToLongFunction<LoadedStudy.Timings> f) {
        long[] values = timings.stream().mapToLong(f).sorted().toArray();
        int mid = values.length / 2;
        double nanos = values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
        return nanos / 1e6;
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
