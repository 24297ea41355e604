package org.ichcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.ichcds.IchCdsApplication;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.demo.FhirRest;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.fhir.ImagingStudyResolver;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.pacs.OrthancServer;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomUpload;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds demo}: the whole loop on this machine. Starts the PACS and the server, stores a positive and a negative
 * phantom head CT in the PACS over STOW-RS, registers Patient, Endpoint and ImagingStudy in the FHIR store, reads a
 * series back through ImagingStudy → Endpoint → WADO-RS, fires signed study-complete hooks and prints the cards, the
 * DiagnosticReport and the viewer link, then fires order-sign with an apixaban draft order.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the whole loop on this machine: PACS, server, phantom studies, FHIR registration,"
                + " study-complete and order-sign hooks. Its database lives in data/demo and is fresh on every run.")
final class DemoCommand implements Callable<Integer> {

    private static final Path DEMO = Path.of("data", "demo");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            description = "HTTP port of the server (default: ${DEFAULT-VALUE})",
            defaultValue = "8080")
    int port;

    @Option(
            names = "--model",
            description = "model directory (default: ${DEFAULT-VALUE})",
            defaultValue = Main.DEFAULT_MODEL)
    Path model;

    @Option(
            names = "--auth-port",
            description = "port of the demo's authorization server (default: ${DEFAULT-VALUE})",
            defaultValue = "9000")
    int authPort;

    @Option(
            names = "--dicom-port",
            description = "port of the server's DICOM C-STORE receiver (default: ${DEFAULT-VALUE})",
            defaultValue = "11112")
    int dicomPort;

    @Option(names = "--keep-running", description = "keep the PACS and the server running until Ctrl-C")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = Settings.load();
        FileSystemUtils.deleteRecursively(DEMO);
        Files.createDirectories(DEMO);
        OrthancServer pacs = new OrthancServer(settings.pacs().toOrthancConfig());
        boolean startedPacs = !pacs.status().running();
        step(out, startedPacs ? "starting the PACS (Orthanc + DICOMweb)" : "using the running PACS");
        if (startedPacs) {
            pacs.start();
        }
        out.println("  " + pacs.status().describe());
        CdsTokenSigner ehrKey = CdsTokenSigner.es384(DemoEhr.ISSUER);
        Path jwks = CdsTokenSigner.writePublicJwks(DEMO.resolve("ehr-jwks.json"), ehrKey);
        boolean hasModel = Files.isRegularFile(model.resolve("manifest.json"));
        String base = "http://127.0.0.1:" + port;
        DemoFhirAccess fhirAccess = new DemoFhirAccess(base + "/fhir");
        ConfigurableApplicationContext server = null;
        AuthServerProcess authServer = null;
        try {
            step(out, "starting the authorization server on port " + authPort + " (SMART Backend Services clients)");
            Path auth = DEMO.resolve("authserver");
            Files.createDirectories(auth);
            fhirAccess.writeClients(auth.resolve("clients.json"), auth);
            authServer = AuthServerProcess.start(
                    auth.resolve("clients.json"),
                    authPort,
                    auth.resolve("signing-key.json"),
                    DEMO.resolve("authserver.log"));
            fhirAccess.tokenEndpoint(authServer.tokenEndpoint());
            out.println("  token endpoint: " + authServer.tokenEndpoint());
            step(out, "starting the server on port " + port + " (FHIR store and CDS services, about 30 s)");
            server = IchCdsApplication.start(serverArguments(pacs, jwks, hasModel, authServer, base));
            out.println("  FHIR: " + base + "/fhir/metadata   CDS Hooks discovery: " + base + "/cds-services");
            DemoStudies studies = storeAndRegister(out, pacs, settings, base, fhirAccess);
            readBack(out, settings, fhirAccess, studies.positive().fhir().imagingStudy());
            if (!hasModel) {
                out.println("No model at " + model + ": see README.md (Bringing your own model) to train one;"
                        + " the hooks need it.");
            } else {
                DemoEhr ehr = new DemoEhr(base, ehrKey, out, fhirAccess::fhirAuthorization);
                fireHooks(out, ehr, base, pacs.dicomWebBase().toString(), studies);
                listWrittenBack(out, new DicomWebClient(pacs.endpoint(), settings.dicomWeb()), studies.positive());
                receiveStudy(out, server, ehr, fhirAccess, pacs);
            }
            printTokenHowTo(out, authServer, base);
            if (keepRunning) {
                out.println("The PACS and the server keep running; press Ctrl-C to stop.");
                out.flush();
                Thread.currentThread().join();
            }
            return 0;
        } finally {
            if (server != null) {
                server.close();
            }
            if (authServer != null) {
                authServer.close();
            }
            if (startedPacs) {
                pacs.stop();
            }
        }
    }

    private String[] serverArguments(
            OrthancServer pacs, Path jwks, boolean hasModel, AuthServerProcess authServer, String base) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--logging.level.root=ERROR",
                "--logging.level.org.ichcds=ERROR",
                "--logging.level.org.springframework.boot.web.embedded.tomcat.TomcatWebServer=ERROR",
                "--spring.datasource.url=jdbc:h2:file:./" + DEMO + "/database/h2",
                "--ichcds.cds.public-base-url=http://127.0.0.1:" + port,
                "--ichcds.cds.allow-http-fhir-server=true",
                "--ichcds.cds.trusted-clients[0].issuer=" + DemoEhr.ISSUER,
                "--ichcds.cds.trusted-clients[0].fhir-servers[0]=http://127.0.0.1:" + port + "/fhir",
                "--ichcds.cds.trusted-clients[0].jwks-uri="
                        + jwks.toAbsolutePath().toUri()));
        Map<String, String> access = pacs.serverCredentials();
        access.forEach((key, value) -> args.add("--" + key + "=" + value));
        // results go back to the same PACS, as a TID 1500 SR and a presentation state in each analysed study
        args.add("--ichcds.writeback.url=" + pacs.dicomWebBase());
        args.add("--ichcds.writeback.username=" + access.get("ichcds.dicomweb.sources[0].username"));
        args.add("--ichcds.writeback.password=" + access.get("ichcds.dicomweb.sources[0].password"));
        args.add("--ichcds.writeback.allow-http=true");
        args.add("--ichcds.writeback.interval=1s");
        if (hasModel) {
            args.add("--ichcds.inference.model-dir=" + model);
        }
        args.addAll(DemoFhirAccess.serverArguments(authServer.issuer(), authServer.jwksUri(), base + "/fhir"));
        args.addAll(DemoReceivedStudy.serverArguments(dicomPort, DEMO.resolve("spool")));
        return args.toArray(String[]::new);
    }

    /** The two phantom studies of the demo, as stored in the PACS and registered in FHIR. */
    record DemoStudy(PhantomUpload.Stored stored, StudyRegistration.Registered fhir) {
        String patientId() {
            return fhir.patient().substring("Patient/".length());
        }
    }

    record DemoStudies(DemoStudy positive, DemoStudy negative) {}

    private DemoStudies storeAndRegister(
            PrintWriter out, OrthancServer pacs, Settings settings, String base, DemoFhirAccess fhirAccess) {
        step(out, "generating a positive and a negative phantom head CT (512 x 512) and storing them over STOW-RS");
        DicomWebClient client = new DicomWebClient(pacs.endpoint(), settings.dicomWeb());
        PhantomUpload phantoms = new PhantomUpload(new PhantomSettings(7, 512, 0.5));
        StudyRegistration registration = new StudyRegistration(fhirAccess.registrar());
        List<DemoStudy> studies = new ArrayList<>();
        for (boolean positive : new boolean[] {true, false}) {
            PhantomUpload.Stored stored = phantoms.upload(positive, DEMO.resolve("phantoms"), client);
            // the Patient's MRN is the images' PatientID, as the EHR and the PACS share it: analyses check it
            StudyRegistration.Registered fhir = registration.register(
                    stored.study().patientId(),
                    positive ? "Positive" : "Negative",
                    pacs.dicomWebBase(),
                    stored.studyUid(),
                    new StudyRegistration.Series(stored.seriesUid(), "CT HEAD WO", stored.sopInstanceUids()));
            out.println("  " + (positive ? "positive" : "negative") + " phantom: "
                    + stored.sopInstanceUids().size() + " slices, truth: "
                    + truth(stored.study().studyLabels()) + "; " + base + "/fhir/"
                    + fhir.imagingStudy());
            studies.add(new DemoStudy(stored, fhir));
        }
        return new DemoStudies(studies.get(0), studies.get(1));
    }

    /** The subtypes a phantom really has, from its study-level truth in label order. */
    static String truth(boolean[] labels) {
        List<String> subtypes = new ArrayList<>();
        for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
            if (labels[subtype.ordinal()]) {
                subtypes.add(subtype.code());
            }
        }
        return subtypes.isEmpty() ? "no hemorrhage" : String.join(", ", subtypes);
    }

    private void readBack(PrintWriter out, Settings settings, DemoFhirAccess fhirAccess, String imagingStudy)
            throws Exception {
        step(out, "reading the positive study back: ImagingStudy -> Endpoint -> WADO-RS");
        FhirRest fhir = fhirAccess.registrar();
        ImagingStudy study = fhir.read(ImagingStudy.class, imagingStudy);
        ImagingStudyResolver.StudyLocation location =
                new ImagingStudyResolver(ref -> fhir.read(Endpoint.class, ref.getReference())).resolve(study);
        Credentials credentials =
                Credentials.basic(settings.pacs().username(), settings.pacs().password());
        DicomWebClient client =
                new DicomWebClient(new DicomWebEndpoint(location.dicomWebBase(), credentials), settings.dicomWeb());
        LoadedStudy loaded = new StudyLoader().fromDicomWeb(client, location.studyUid());
        out.println(loaded.summary().toText().indent(2).stripTrailing());
    }

    private void fireHooks(PrintWriter out, DemoEhr ehr, String base, String pacsStudies, DemoStudies studies)
            throws Exception {
        for (DemoStudy study : List.of(studies.positive(), studies.negative())) {
            step(
                    out,
                    "study-complete for the " + (study == studies.positive() ? "positive" : "negative")
                            + " study (signed ES384 JWT)");
            JsonNode card = ehr.studyComplete(
                    study.patientId(), study.fhir().imagingStudy().substring(13));
            ehr.print(card);
            out.println("  DiagnosticReport: " + base + "/fhir/DiagnosticReport?patient=" + study.patientId()
                    + "&_include=DiagnosticReport:result");
            out.println("  SR and presentation state, written back within seconds (QIDO-RS, the PACS's credentials): "
                    + pacsStudies + "/studies/" + study.stored().studyUid() + "/series");
        }
        step(out, "order-sign: apixaban 5 mg drafted for the positive patient");
        JsonNode cards = ehr.orderSignApixaban(studies.positive().patientId());
        if (cards.isEmpty()) {
            out.println("  no card (the positive study was not flagged by the model)");
        }
        cards.forEach(ehr::print);
    }

    /** The positive study's series in the PACS once the SR and the presentation state are written back (QIDO-RS). */
    private static void listWrittenBack(PrintWriter out, DicomWebClient pacs, DemoStudy study) throws Exception {
        step(out, "the results in the PACS, where the radiologist reads: the positive study's series (QIDO-RS)");
        String studyUid = study.stored().studyUid();
        List<DicomWebClient.SeriesInfo> series = pacs.searchSeries(studyUid);
        for (int i = 0; i < 60 && series.stream().noneMatch(s -> s.modality().equals("SR")); i++) {
            Thread.sleep(500); // the write-back outbox sends within a second or two
            series = pacs.searchSeries(studyUid);
        }
        for (DicomWebClient.SeriesInfo each : series) {
            out.printf(
                    "  series %d  %-3s %3d instance(s)  %s%n",
                    each.seriesNumber(), each.modality(), each.instances(), each.description());
        }
        if (series.stream().noneMatch(s -> s.modality().equals("SR"))) {
            out.println("  (no SR yet: the write-back outbox retries; see app.pacs_outbox)");
        }
    }

    /** The imaging path: a study sent to the server by C-STORE is analysed before any hook asks for it. */
    private void receiveStudy(
            PrintWriter out,
            ConfigurableApplicationContext server,
            DemoEhr ehr,
            DemoFhirAccess fhir,
            OrthancServer pacs)
            throws Exception {
        step(
                out,
                "a modality sends a third phantom to the server's DICOM port with storescu (C-STORE to "
                        + DemoReceivedStudy.SERVER_AE + "@127.0.0.1:" + dicomPort + ")");
        DemoReceivedStudy receiving = new DemoReceivedStudy(out, dicomPort, DEMO.resolve("received"));
        var received = receiving.send(server.getBean(JdbcClient.class));
        if (received.isEmpty()) {
            return;
        }
        StudyRegistration.Registered registered =
                receiving.register(new StudyRegistration(fhir.registrar()), received.get(), pacs.dicomWebBase());
        step(out, "study-complete for the received study (its Endpoint names the PACS, which never had it)");
        long start = System.nanoTime();
        JsonNode card = ehr.studyComplete(
                registered.patient().substring("Patient/".length()),
                registered.imagingStudy().substring("ImagingStudy/".length()));
        out.printf(
                "  answered in %d ms from the stored result: nothing was fetched%n",
                (System.nanoTime() - start) / 1_000_000);
        ehr.print(card);
    }

    /** How any FHIR client gets a token (SMART Backend Services) and reads the results with it. */
    private static void printTokenHowTo(PrintWriter out, AuthServerProcess authServer, String base) {
        step(out, "reading the results as any FHIR client would: a token first (SMART Backend Services), then /fhir");
        out.println(
                "  /fhir answers 401 without a token; discovery: " + base + "/fhir/.well-known/smart-configuration");
        out.println("  with the demo still running (--keep-running), in another shell:");
        out.println("    TOKEN=$(./ichcds token --token-endpoint " + authServer.tokenEndpoint() + " \\");
        out.println("        --client " + DemoFhirAccess.REGISTRAR + " --key "
                + DEMO.resolve("authserver/" + DemoFhirAccess.keyFile(DemoFhirAccess.REGISTRAR))
                + " --scope 'system/*.rs')");
        out.println("    curl -H \"Authorization: Bearer $TOKEN\" '" + base
                + "/fhir/DiagnosticReport?_include=DiagnosticReport:result'");
        out.println(
                "  the audit trail (who saw which patient's results) needs its own scope, which the demo's auditor has:");
        out.println("    TOKEN=$(./ichcds token --token-endpoint " + authServer.tokenEndpoint() + " \\");
        out.println("        --client " + DemoFhirAccess.AUDITOR + " --key "
                + DEMO.resolve("authserver/" + DemoFhirAccess.keyFile(DemoFhirAccess.AUDITOR))
                + " --scope system/AuditEvent.rs)");
        out.println("    curl -H \"Authorization: Bearer $TOKEN\" '" + base + "/fhir/AuditEvent?_count=20'");
        out.println("  (the client signs a JWT assertion with its private key, ES384, and posts it with"
                + " grant_type=client_credentials; the token lasts 5 minutes)");
        out.flush();
    }

    private static void step(PrintWriter out, String text) {
        out.println("==> " + text);
        out.flush();
    }
}
