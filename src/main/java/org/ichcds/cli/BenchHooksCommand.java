package org.ichcds.cli;

import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.ichcds.IchCdsApplication;
import org.ichcds.authserver.AuthorizationServer;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.SyntheticCtSeries;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.NativeRuntime;
import org.ichcds.pacs.OrthancServer;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomUpload;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds bench hooks}: study-complete latency on loopback, cold (the analysis of a new 40-slice 512² study,
 * end to end) and cached, and order-sign latency, with concurrent clients. Prints figures; asserts nothing.
 */
@Command(
        name = "hooks",
        mixinStandardHelpOptions = true,
        description = "Start a private Orthanc and the server with the model, then time cold study-complete calls"
                + " (new studies) and cached study-complete and order-sign calls from concurrent clients.")
final class BenchHooksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = Main.DEFAULT_MODEL, description = "model (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--cold", defaultValue = "15", description = "new studies analysed (default: ${DEFAULT-VALUE})")
    int cold;

    @Option(
            names = "--warmup",
            defaultValue = "10",
            description = "new studies analysed first, untimed (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--alg",
            defaultValue = "RS384",
            description = "the EHR's JWT algorithm, RS384 or ES384 (CDS Hooks 2.0 names both; default:"
                    + " ${DEFAULT-VALUE})")
    String algorithm;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "a server setting for this run, e.g. --set server.tomcat.threads.max=16 (repeatable)")
    List<String> settings = new ArrayList<>();

    @Option(names = "--clients", defaultValue = "50", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--requests",
            defaultValue = "100",
            description = "cached calls per client (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "100,300,1000",
            description = "open-loop arrival rates in calls/s, each run for --seconds; empty for none (default:"
                    + " ${DEFAULT-VALUE})")
    List<Double> rates;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "measured seconds per open-loop rate (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(
            names = "--p99-target",
            defaultValue = "25",
            description = "the open-loop p99 target in ms; the highest rate within it is reported (default:"
                    + " ${DEFAULT-VALUE})")
    double p99Target;

    @Option(names = "--slices", defaultValue = "40", description = "slices per study (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--matrix", defaultValue = "512", description = "rows = columns (default: ${DEFAULT-VALUE})")
    int matrix;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(model.resolve("manifest.json"))) {
            throw new OneLineErrors.UsageException("no model at " + model + " (see --model)");
        }
        AnalyzeCommand.quietPixelMed();
        PrintWriter out = spec.commandLine().getOut();
        out.println(NativeRuntime.current().describe(0) + " (the server's default)");
        Path dir = Files.createTempDirectory("ichcds-bench-hooks-");
        if (!List.of("RS384", "ES384").contains(algorithm)) {
            throw new OneLineErrors.UsageException("--alg must be RS384 or ES384, not " + algorithm);
        }
        CdsTokenSigner ehr = CdsTokenSigner.generate(DemoEhr.ISSUER, algorithm);
        Path jwks = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), ehr);
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        DemoFhirAccess fhirAccess = new DemoFhirAccess(base + "/fhir");
        fhirAccess.writeClients(dir.resolve("clients.json"), dir);
        try (AuthorizationServer.Running auth = new AuthorizationServer(
                                "127.0.0.1", freePort(), null, dir.resolve("clients.json"), null)
                        .start();
                OrthancServer pacs = OrthancServer.startOnFreePort(dir.resolve("orthanc"));
                ConfigurableApplicationContext server =
                        IchCdsApplication.start(arguments(pacs, jwks, port, dir, auth, base));
                HookLoad load = new HookLoad(base, ehr, fhirAccess)) {
            fhirAccess.tokenEndpoint(auth.tokenEndpoint());
            List<StudyRegistration.Registered> studies = store(pacs, fhirAccess, warmup + cold, dir.resolve("phantom"));
            analyse(load, server, studies.subList(1, 1 + warmup)); // untimed: the JIT compiles the pipeline
            List<StudyRegistration.Registered> measured = studies.subList(1 + warmup, studies.size());
            CpuUse before = CpuUse.now();
            Timings timings = analyse(load, server, measured);
            CpuUse spent = CpuUse.now().minus(before);
            out.printf(
                    Locale.ROOT,
                    "cold study-complete (%d x %d², analysis end to end), %d studies after %d untimed:"
                            + " median %.0f ms, min %.0f ms, max %.0f ms%n",
                    slices,
                    matrix,
                    measured.size(),
                    warmup,
                    timings.median(),
                    timings.percentile(0),
                    timings.percentile(1));
            double inferStage = printStages(out, server, measured);
            printModelAlone(out, server, inferStage);
            out.println("  threads: " + threadSettings(server));
            // what else ran: on 2 cores, the JIT compiling HAPI, Hibernate and H2 code takes a share of each analysis
            out.printf(
                    Locale.ROOT,
                    "  per cold call: process CPU %.0f ms, JIT compilation %.0f ms, GC pauses %.0f ms%n",
                    spent.processNanos() / 1e6 / measured.size(),
                    (double) spent.jitMillis() / measured.size(),
                    (double) spent.gcMillis() / measured.size());
            load.untilDone(studies.get(0)); // analysed once: every later call is a cached one
            double atRest =
                    BenchStartupCommand.residentMb(ProcessHandle.current().pid());
            if (!rates.isEmpty()) {
                Map<String, HookLoad.Call> workloads = new LinkedHashMap<>();
                StringBuilder noProxy = new StringBuilder();
                java.util.Optional<ConstantAnswerProxy> proxy = ConstantAnswerProxy.start(dir, noProxy);
                if (proxy.isPresent()) {
                    String url = proxy.get().url();
                    workloads.put(
                            "HAProxy's constant answer (no Java server: the generator's and the machine's floor)",
                            () -> new HttpGet(url));
                } else {
                    out.println("(the generator's floor is not measured: " + noProxy + ")");
                }
                String floor = "discovery (GET /cds-services, constant JSON: the server's HTTP floor)";
                workloads.put(floor, () -> new HttpGet(base + "/cds-services"));
                workloads.put("cached study-complete, " + algorithm + " JWTs", load.studyComplete(studies.get(0)));
                workloads.put("order-sign (apixaban draft), " + algorithm + " JWTs", load.orderSign(studies.get(0)));
                try {
                    new OpenLoopReport(out, rates, seconds, p99Target).print(dir, workloads, floor);
                } finally {
                    proxy.ifPresent(ConstantAnswerProxy::close);
                }
                out.println("closed loop: each client sends its next call when the last is answered");
            }
            // the floor: the same clients on a call that does no work of its own (a constant JSON answer, no token)
            out.printf(
                    Locale.ROOT,
                    "discovery (GET /cds-services, the HTTP stack's floor), %d clients x %d calls: %s%n",
                    clients,
                    requests,
                    describe(load.concurrent(clients, requests, () -> new HttpGet(base + "/cds-services"))));
            printSizes(out, load, "study-complete", load.studyComplete(studies.get(0)));
            printSizes(out, load, "order-sign", load.orderSign(studies.get(0)));
            out.printf(
                    Locale.ROOT,
                    "cached study-complete, %d clients x %d calls, %s JWTs: %s%n",
                    clients,
                    requests,
                    algorithm,
                    describe(load.concurrent(clients, requests, load.studyComplete(studies.get(0)))));
            out.printf(
                    Locale.ROOT,
                    "order-sign (apixaban draft), %d clients x %d calls, %s JWTs: %s%n",
                    clients,
                    requests,
                    algorithm,
                    describe(load.concurrent(clients, requests, load.orderSign(studies.get(0)))));
            out.printf(
                    Locale.ROOT,
                    "memory of this process (server and in-process clients): resident %.0f MB after the cold calls,"
                            + " %.0f MB after the load, peak %.0f MB%n",
                    atRest,
                    BenchStartupCommand.residentMb(ProcessHandle.current().pid()),
                    BenchStartupCommand.peakResidentMb(ProcessHandle.current().pid()));
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
        return 0;
    }

    private static void printSizes(PrintWriter out, HookLoad load, String hook, HookLoad.Call call) throws Exception {
        var request = call.prepare();
        long sent = request.getEntity().getContentLength();
        long answer = load.send(request).body().length();
        out.printf(Locale.ROOT, "%s: request %d bytes, answer %d characters%n", hook, sent, answer);
    }

    /** Sends study-complete for each new study, one after the other; the time of each call. */
    private static Timings analyse(
            HookLoad load, ConfigurableApplicationContext server, List<StudyRegistration.Registered> studies)
            throws Exception {
        var jdbc = server.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
        double[] millis = new double[studies.size()];
        for (int i = 0; i < studies.size(); i++) {
            var request = load.studyComplete(studies.get(i)).prepare();
            long start = System.nanoTime();
            load.send(request);
            millis[i] = Timings.since(start);
            // untimed: the report written after the answer ends before the next study comes, each call finds the
            // server idle
            awaitReports(jdbc);
        }
        return new Timings(millis);
    }

    private static void awaitReports(org.springframework.jdbc.core.simple.JdbcClient jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline
                && jdbc.sql("SELECT COUNT(*) FROM app.analysis_job WHERE status = 'DONE' AND report_ref IS NULL")
                                .query(Integer.class)
                                .single()
                        > 0) {
            Thread.sleep(5);
        }
    }

    /**
     * The same model runner, called alone in the same process on as many slices: the floor of the infer stage, measured
     * in the same run so that their ratio holds on a noisy machine.
     */
    private void printModelAlone(PrintWriter out, ConfigurableApplicationContext server, double inferStage) {
        ModelRunner runner = server.getBean(ModelRunner.class);
        int size = runner.manifest().inputSize().height();
        float[] input = new float[slices * size * size * 3];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat();
        }
        runner.predict(input, slices, size, size);
        double[] millis = new double[10];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            runner.predict(input, slices, size, size);
            millis[i] = Timings.since(start);
        }
        double alone = new Timings(millis).median();
        out.printf(
                Locale.ROOT,
                "  the model alone, same runner and process, %d slices: median %.0f ms; infer stage / alone %.2f%n",
                slices,
                alone,
                inferStage / alone);
    }

    /** The thread settings in force in the server measured. */
    static String threadSettings(ConfigurableApplicationContext server) {
        var env = server.getEnvironment();
        int cores = Runtime.getRuntime().availableProcessors();
        int tf = env.getProperty("ichcds.inference.threads", Integer.class, 0);
        return String.format(
                Locale.ROOT,
                "%d cores; TensorFlow intra-op %d, inter-op %d; DICOM parse pool %d; preprocessing %d (fork-join pool"
                        + " and the caller); analyses at once %s; HTTP request threads up to %s",
                cores,
                tf == 0 ? cores : tf,
                cores,
                cores,
                java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1,
                env.getProperty("ichcds.analysis.workers", "2"),
                env.getProperty("server.tomcat.threads.max", "200"));
    }

    /** Where the cold analyses spent their time, from the jobs table (medians over the analyses); the infer median. */
    private static double printStages(
            PrintWriter out, ConfigurableApplicationContext server, List<StudyRegistration.Registered> studies) {
        Set<String> measured =
                studies.stream().map(StudyRegistration.Registered::imagingStudy).collect(Collectors.toSet());
        var jdbc = server.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
        List<String> stages = List.of("load_ms", "preprocess_ms", "infer_ms", "report_ms");
        StringBuilder line = new StringBuilder("  stages (median):");
        double infer = Double.NaN;
        for (String stage : stages) {
            double[] values = jdbc
                    .sql("SELECT imaging_study_ref, " + stage + " FROM app.analysis_job WHERE status = 'DONE'")
                    .query((row, n) -> measured.contains(row.getString(1)) ? row.getInt(2) : null)
                    .list()
                    .stream()
                    .filter(java.util.Objects::nonNull)
                    .mapToDouble(Integer::doubleValue)
                    .toArray();
            if (values.length > 0 && stage.equals("infer_ms")) {
                infer = new Timings(values).median();
            }
            if (values.length > 0) {
                line.append(String.format(
                        Locale.ROOT, " %s %.0f ms,", stage.replace("_ms", ""), new Timings(values).median()));
            }
        }
        // written after the answer, not part of it: its mean over every report this run wrote
        io.micrometer.core.instrument.Timer written = server.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("ichcds.analysis.stage")
                .tag("stage", "fhir-report")
                .timer();
        if (written != null && written.count() > 0) {
            line.append(String.format(
                    Locale.ROOT,
                    " then, after the answer, the FHIR report %.0f ms (mean),",
                    written.mean(java.util.concurrent.TimeUnit.MILLISECONDS)));
        }
        out.println(line.substring(0, line.length() - 1));
        return infer;
    }

    String[] arguments(
            OrthancServer pacs, Path jwks, int port, Path dir, AuthorizationServer.Running auth, String base) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--management.server.port=0",
                "--logging.level.root=ERROR",
                "--logging.level.org.ichcds=ERROR",
                "--logging.level.org.springframework.boot.web.embedded.tomcat.TomcatWebServer=ERROR",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath(),
                "--ichcds.inference.model-dir=" + model,
                "--ichcds.analysis.time-budget=60s",
                "--ichcds.cds.public-base-url=http://127.0.0.1:" + port,
                "--ichcds.cds.allow-http-fhir-server=true",
                "--ichcds.cds.trusted-clients[0].issuer=" + DemoEhr.ISSUER,
                "--ichcds.cds.trusted-clients[0].fhir-servers[0]=http://127.0.0.1:" + port + "/fhir",
                "--ichcds.cds.trusted-clients[0].jwks-uri="
                        + jwks.toAbsolutePath().toUri()));
        pacs.serverCredentials().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.addAll(DemoFhirAccess.serverArguments(auth.issuer(), auth.jwksUri(), base + "/fhir"));
        for (String setting : settings) {
            if (!setting.contains("=")) {
                throw new OneLineErrors.UsageException("--set takes KEY=VALUE, not " + setting);
            }
            arguments.add("--" + setting);
        }
        return arguments.toArray(String[]::new);
    }

    /**
     * The studies in the PACS and the FHIR store: first a positive phantom (the cached calls' study, so that both hooks
     * answer with their critical card), then {@code count} synthetic series for the cold calls.
     */
    List<StudyRegistration.Registered> store(OrthancServer pacs, DemoFhirAccess fhirAccess, int count, Path scratch) {
        StudyRegistration registration = new StudyRegistration(fhirAccess.registrar());
        DicomWebClient client =
                new DicomWebClient(pacs.endpoint(), Settings.load().dicomWeb());
        List<StudyRegistration.Registered> studies = new ArrayList<>();
        PhantomUpload.Stored positive =
                new PhantomUpload(new PhantomSettings(7, matrix, 0.5)).upload(true, scratch, client);
        studies.add(registration.register(
                positive.study().patientId(),
                "Bench",
                pacs.dicomWebBase(),
                positive.studyUid(),
                new StudyRegistration.Series(positive.seriesUid(), "CT HEAD WO", positive.sopInstanceUids())));
        for (int i = 0; i < count; i++) {
            SyntheticCtSeries series = new SyntheticCtSeries();
            series.slices = slices;
            series.rows = matrix;
            series.columns = matrix;
            series.pixelSpacing = 230.0 / matrix;
            client.store(series.toBytes());
            studies.add(registration.register(
                    series.patientId(),
                    "Bench",
                    pacs.dicomWebBase(),
                    series.studyUid,
                    new StudyRegistration.Series(series.seriesUid, series.description, series.sopUids())));
        }
        return studies;
    }

    private static String describe(HookLoad.Load load) {
        Timings timings = load.timings();
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d calls, %.0f calls/s; CPU per call: server threads %.2f ms,"
                        + " whole process with the clients %.2f ms; GC pauses %d ms in all)",
                timings.median(),
                timings.percentile(0.99),
                timings.percentile(1),
                timings.millis().length,
                load.callsPerSecond(),
                load.serverCpuMillisPerCall(),
                load.processCpuMillisPerCall(),
                load.cpu().gcMillis());
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
