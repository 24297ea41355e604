package org.ichcds.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.ichcds.IchCdsApplication;
import org.ichcds.authserver.AuthorizationServer;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.dicom.SyntheticCtSeries;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.pacs.OrthancServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds bench ingest}: studies sent to the server's C-STORE receiver by DCMTK's storescu, as a modality would.
 * Per study: the send (instances per second, against DCMTK's own storescp on the same machine as the reference, sent
 * the same files right after), the time from the last instance received to the result stored with the stable-study
 * wait taken out, and the first study-complete for it once the EHR registers it (answered from the stored result).
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Send new studies to the server's C-STORE receiver with storescu: receive throughput against"
                + " DCMTK's storescp, last instance to result stored, and the first study-complete for each.")
final class BenchIngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = Main.DEFAULT_MODEL, description = "model (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--studies", defaultValue = "7", description = "studies sent (default: ${DEFAULT-VALUE})")
    int studies;

    @Option(names = "--slices", defaultValue = "40", description = "slices per study (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--matrix", defaultValue = "512", description = "rows = columns (default: ${DEFAULT-VALUE})")
    int matrix;

    @Option(
            names = "--stable-age",
            defaultValue = "1",
            description = "seconds without a new instance before a study is complete (default: ${DEFAULT-VALUE})")
    int stableAge;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a server setting for this run (repeatable)")
    List<String> settings = new ArrayList<>();

    private static final String MODALITY = "BENCH-CT";
    private static final String SERVER = "ICHCDS";

    @Override
    public Integer call() throws Exception {
        if (studies < 1 || studies > 100 || slices < 1 || slices > 1000 || stableAge < 1) {
            throw new OneLineErrors.UsageException("--studies 1..100, --slices 1..1000, --stable-age >= 1");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/storescu")) || !Files.isExecutable(Path.of("/usr/bin/storescp"))) {
            throw new OneLineErrors.UsageException("storescu and storescp are needed: install Debian's dcmtk");
        }
        AnalyzeCommand.quietPixelMed();
        PrintWriter out = spec.commandLine().getOut();
        out.println(NativeRuntime.current().describe(0) + " (the server's default)");
        Path dir = Files.createTempDirectory("ichcds-bench-ingest-");
        CdsTokenSigner ehr = CdsTokenSigner.generate(DemoEhr.ISSUER, "ES384");
        Path jwks = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), ehr);
        int port = BenchHooksCommand.freePort();
        int dicomPort = BenchHooksCommand.freePort();
        String base = "http://127.0.0.1:" + port;
        DemoFhirAccess fhirAccess = new DemoFhirAccess(base + "/fhir");
        fhirAccess.writeClients(dir.resolve("clients.json"), dir);
        try (AuthorizationServer.Running auth = new AuthorizationServer(
                                "127.0.0.1", BenchHooksCommand.freePort(), null, dir.resolve("clients.json"), null)
                        .start();
                OrthancServer pacs = OrthancServer.startOnFreePort(dir.resolve("orthanc"));
                ConfigurableApplicationContext server =
                        IchCdsApplication.start(arguments(pacs, jwks, port, dicomPort, dir, auth, base));
                HookLoad load = new HookLoad(base, ehr, fhirAccess);
                StoreScp reference = StoreScp.start(dir.resolve("storescp"), BenchHooksCommand.freePort())) {
            fhirAccess.tokenEndpoint(auth.tokenEndpoint());
            JdbcClient jdbc = server.getBean(JdbcClient.class);
            StudyRegistration registration = new StudyRegistration(fhirAccess.registrar());
            Round[] rounds = new Round[studies];
            for (int i = 0; i < studies; i++) {
                SyntheticCtSeries series = series();
                Path folder = dir.resolve("study-" + i);
                series.writeTo(folder);
                double ours = sendSeconds(folder, dicomPort, SERVER);
                double[] stored = awaitStored(jdbc, series.studyUid);
                double theirs = sendSeconds(folder, reference.port(), "STORESCP");
                var registered = registration.register(
                        series.patientId(),
                        "Bench",
                        pacs.dicomWebBase(),
                        series.studyUid,
                        new StudyRegistration.Series(series.seriesUid, series.description, series.sopUids()));
                var request = load.studyComplete(registered).prepare();
                long start = System.nanoTime();
                HookLoad.Answer answer = load.send(request);
                double hook = Timings.since(start);
                if (answer.body().toLowerCase(Locale.ROOT).contains("in progress")) {
                    throw new IllegalStateException("study-complete did not answer from the received study");
                }
                rounds[i] = new Round(slices / ours, slices / theirs, stored[0], stored[1], hook);
                FileSystemUtils.deleteRecursively(folder);
            }
            print(out, rounds);
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
        return 0;
    }

    /** One study: instances/s to the server and to storescp, stored after last instance (ms, and without the wait). */
    record Round(double ours, double storescp, double afterLast, double afterStable, double firstHook) {}

    private void print(PrintWriter out, Round[] rounds) {
        out.printf(
                Locale.ROOT,
                "%d studies of %d x %d², sent by storescu (one association each, TCP_NODELAY), the first one"
                        + " included%n",
                rounds.length,
                slices,
                matrix);
        double ours = median(rounds, Round::ours);
        double theirs = median(rounds, Round::storescp);
        out.printf(
                Locale.ROOT,
                "  C-STORE receive: median %.0f instances/s; DCMTK storescp, same files, same machine: %.0f/s;"
                        + " ratio %.2f%n",
                ours,
                theirs,
                ours / theirs);
        out.printf(
                Locale.ROOT,
                "  last instance received -> result stored: median %.0f ms, of which the stable age %d ms; without it"
                        + " %.0f ms (min %.0f, max %.0f)%n",
                median(rounds, Round::afterLast),
                stableAge * 1000,
                median(rounds, Round::afterStable),
                percentile(rounds, Round::afterStable, 0),
                percentile(rounds, Round::afterStable, 1));
        out.printf(
                Locale.ROOT,
                "  first study-complete for a received study (registered after its analysis): median %.1f ms (min"
                        + " %.1f, max %.1f)%n",
                median(rounds, Round::firstHook),
                percentile(rounds, Round::firstHook, 0),
                percentile(rounds, Round::firstHook, 1));
    }

    private static double median(Round[] rounds, java.util.function.ToDoubleFunction<Round> figure) {
        return percentile(rounds, figure, 0.5);
    }

    private static double percentile(Round[] rounds, java.util.function.ToDoubleFunction<Round> figure, double p) {
        double[] values = java.util.Arrays.stream(rounds).mapToDouble(figure).toArray();
        return new Timings(values).percentile(p);
    }

    private SyntheticCtSeries series() {
        SyntheticCtSeries series = new SyntheticCtSeries();
        series.head = true;
        series.slices = slices;
        series.rows = matrix;
        series.columns = matrix;
        series.pixelSpacing = 230.0 / matrix;
        return series;
    }

    /** Seconds storescu took to send the folder in one association. */
    private static double sendSeconds(Path folder, int port, String calledAe) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "storescu",
                        "-aet",
                        MODALITY,
                        "-aec",
                        calledAe,
                        "+sd",
                        "127.0.0.1",
                        String.valueOf(port),
                        folder.toString())
                .redirectErrorStream(true);
        builder.environment().put("TCP_NODELAY", "1"); // DCMTK: no delayed-ACK stall per object
        long start = System.nanoTime();
        Process process = builder.start();
        String said = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("storescu to " + calledAe + " failed: " + said.strip());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Milliseconds from the study's last instance to its result stored, and the same less the stable age. */
    private double[] awaitStored(JdbcClient jdbc, String studyUid) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            var done = jdbc.sql("SELECT j.status, j.finished_at, s.last_received_at FROM app.analysis_job j"
                            + " JOIN app.intake_study s ON s.study_uid = j.study_uid"
                            + " WHERE j.study_uid = ? AND j.status IN ('DONE', 'FAILED')")
                    .param(studyUid)
                    .query((rs, n) -> new Object[] {rs.getString(1), rs.getTimestamp(2), rs.getTimestamp(3)})
                    .optional();
            if (done.isPresent()) {
                if (!"DONE".equals(done.get()[0])) {
                    throw new IllegalStateException("the received study's analysis failed");
                }
                double ms = ((Timestamp) done.get()[1]).getTime() - ((Timestamp) done.get()[2]).getTime();
                return new double[] {ms, ms - stableAge * 1000.0};
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the received study was not analysed within 3 minutes");
    }

    private String[] arguments(
            OrthancServer pacs,
            Path jwks,
            int port,
            int dicomPort,
            Path dir,
            AuthorizationServer.Running auth,
            String base) {
        BenchHooksCommand hooks = new BenchHooksCommand();
        hooks.model = model;
        hooks.settings = new ArrayList<>(settings);
        hooks.settings.addAll(List.of(
                "ichcds.intake.dimse.enabled=true",
                "ichcds.intake.dimse.port=" + dicomPort,
                "ichcds.intake.dimse.bind-address=127.0.0.1",
                "ichcds.intake.dimse.ae-title=" + SERVER,
                "ichcds.intake.dimse.allowed-callers[0].ae-title=" + MODALITY,
                "ichcds.intake.dimse.allowed-callers[0].address=127.0.0.1",
                "ichcds.intake.spool-dir=" + dir.resolve("spool"),
                "ichcds.intake.stable-age=" + stableAge + "s",
                "ichcds.intake.check-interval=50ms"));
        return hooks.arguments(pacs, jwks, port, dir, auth, base);
    }

    /** DCMTK's storescp writing what it receives to a folder: the reference receiver. */
    record StoreScp(Process process, int port) implements AutoCloseable {

        static StoreScp start(Path folder, int port) throws Exception {
            Files.createDirectories(folder);
            ProcessBuilder builder = new ProcessBuilder(
                            "storescp", "-aet", "STORESCP", "-od", folder.toString(), String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(Map.of("TCP_NODELAY", "1"));
            Process process = builder.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(deadline)) {
                try (var socket = new java.net.Socket("127.0.0.1", port)) {
                    return new StoreScp(process, port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("storescp did not start on port " + port);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
