package org.ichcds.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ichcds.IchCdsApplication;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.SyntheticCtSeries;
import org.ichcds.fhir.StudyRegistration;
import org.ichcds.hooks.CdsTokenSigner;
import org.ichcds.pacs.OrthancServer;
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

    @Option(
            names = "--model",
            defaultValue = "models/ich-phantom-v1",
            description = "model (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--cold", defaultValue = "15", description = "new studies analysed (default: ${DEFAULT-VALUE})")
    int cold;

    @Option(names = "--clients", defaultValue = "50", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--requests",
            defaultValue = "20",
            description = "cached calls per client (default: ${DEFAULT-VALUE})")
    int requests;

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
        Path dir = Files.createTempDirectory("ichcds-bench-hooks-");
        CdsTokenSigner ehr = CdsTokenSigner.es384(DemoEhr.ISSUER);
        Path jwks = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), ehr);
        int port = freePort();
        try (OrthancServer pacs = OrthancServer.startOnFreePort(dir.resolve("orthanc"));
                ConfigurableApplicationContext server = IchCdsApplication.start(arguments(pacs, jwks, port, dir))) {
            String base = "http://127.0.0.1:" + port;
            HookLoad load = new HookLoad(base, ehr);
            List<StudyRegistration.Registered> studies = store(pacs, base, cold + 1);
            measureCold(out, load, studies.subList(1, studies.size()));
            printStages(out, server);
            load.untilDone(studies.get(0)); // analysed once: every later call is a cached one
            out.printf(
                    Locale.ROOT,
                    "cached study-complete, %d clients x %d calls: %s%n",
                    clients,
                    requests,
                    describe(load.concurrent(clients, requests, load.studyComplete(studies.get(0)))));
            out.printf(
                    Locale.ROOT,
                    "order-sign (apixaban draft), %d clients x %d calls: %s%n",
                    clients,
                    requests,
                    describe(load.concurrent(clients, requests, load.orderSign(studies.get(0)))));
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
        return 0;
    }

    private void measureCold(PrintWriter out, HookLoad load, List<StudyRegistration.Registered> studies)
            throws Exception {
        double[] millis = new double[studies.size()];
        for (int i = 0; i < studies.size(); i++) {
            long start = System.nanoTime();
            var request = load.studyComplete(studies.get(i)).prepare();
            start = System.nanoTime();
            load.send(request);
            millis[i] = Timings.since(start);
        }
        Timings timings = new Timings(millis);
        out.printf(
                Locale.ROOT,
                "cold study-complete (%d x %d², analysis end to end), %d studies: median %.0f ms,"
                        + " min %.0f ms, max %.0f ms%n",
                slices,
                matrix,
                studies.size(),
                timings.median(),
                timings.percentile(0),
                timings.percentile(1));
    }

    /** Where the cold analyses spent their time, from the jobs table (medians over the analyses). */
    private static void printStages(PrintWriter out, ConfigurableApplicationContext server) {
        var jdbc = server.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
        List<String> stages = List.of("load_ms", "preprocess_ms", "infer_ms", "report_ms");
        StringBuilder line = new StringBuilder("  stages (median):");
        for (String stage : stages) {
            double[] values = jdbc
                    .sql("SELECT " + stage + " FROM app.analysis_job WHERE status = 'DONE'")
                    .query(Integer.class)
                    .list()
                    .stream()
                    .mapToDouble(Integer::doubleValue)
                    .toArray();
            if (values.length > 0) {
                line.append(String.format(
                        Locale.ROOT, " %s %.0f ms,", stage.replace("_ms", ""), new Timings(values).median()));
            }
        }
        out.println(line.substring(0, line.length() - 1));
    }

    private String[] arguments(OrthancServer pacs, Path jwks, int port, Path dir) {
        var config = pacs.config();
        return new String[] {
            "--server.port=" + port,
            "--logging.level.root=ERROR",
            "--logging.level.org.ichcds=ERROR",
            "--logging.level.org.springframework.boot.web.embedded.tomcat.TomcatWebServer=ERROR",
            "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath(),
            "--ichcds.inference.model-dir=" + model,
            "--ichcds.analysis.time-budget=60s",
            "--ichcds.pacs.host=" + config.host(),
            "--ichcds.pacs.port=" + config.port(),
            "--ichcds.pacs.username=" + config.username(),
            "--ichcds.pacs.password=" + config.password(),
            "--ichcds.cds.public-base-url=http://127.0.0.1:" + port,
            "--ichcds.cds.allow-http-fhir-server=true",
            "--ichcds.cds.trusted-clients[0].issuer=" + DemoEhr.ISSUER,
            "--ichcds.cds.trusted-clients[0].jwks-uri=" + jwks.toAbsolutePath().toUri()
        };
    }

    private List<StudyRegistration.Registered> store(OrthancServer pacs, String base, int count) {
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        StudyRegistration registration = new StudyRegistration(fhir.newRestfulGenericClient(base + "/fhir"));
        DicomWebClient client =
                new DicomWebClient(pacs.endpoint(), Settings.load().dicomWeb());
        List<StudyRegistration.Registered> studies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SyntheticCtSeries series = new SyntheticCtSeries();
            series.slices = slices;
            series.rows = matrix;
            series.columns = matrix;
            series.pixelSpacing = 230.0 / matrix;
            client.store(series.toBytes());
            studies.add(registration.register(
                    "BENCH-" + i,
                    "Bench",
                    pacs.dicomWebBase(),
                    series.studyUid,
                    new StudyRegistration.Series(series.seriesUid, series.description, series.sopUids())));
        }
        return studies;
    }

    private static String describe(Timings timings) {
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d calls)",
                timings.median(),
                timings.percentile(0.99),
                timings.percentile(1),
                timings.millis().length);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
