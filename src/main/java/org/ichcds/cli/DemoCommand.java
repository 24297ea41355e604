package org.ichcds.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.ichcds.IchCdsApplication;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.dicom.SyntheticCtSeries;
import org.ichcds.fhir.ImagingStudyResolver;
import org.ichcds.fhir.StudyRegistration;
import org.ichcds.pacs.OrthancServer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds demo}: the whole loop on this machine. Starts the PACS and the server, stores a CT series in the PACS
 * over STOW-RS, registers Patient, Endpoint and ImagingStudy in the FHIR store, and reads the series back through
 * ImagingStudy → Endpoint → WADO-RS.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start a PACS and the server, store a CT series, register it in FHIR and read it back"
                + " through ImagingStudy -> Endpoint -> WADO-RS.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            description = "HTTP port of the server (default: ${DEFAULT-VALUE})",
            defaultValue = "8080")
    int port;

    @Option(names = "--keep-running", description = "keep the PACS and the server running until Ctrl-C")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = Settings.load();
        OrthancServer pacs = new OrthancServer(settings.pacs().toOrthancConfig());
        boolean startedPacs = !pacs.status().running();
        step(out, startedPacs ? "starting the PACS (Orthanc + DICOMweb)" : "using the running PACS");
        if (startedPacs) {
            pacs.start();
        }
        out.println("  " + pacs.status().describe());
        ConfigurableApplicationContext server = null;
        try {
            step(out, "starting the server on port " + port + " (FHIR store, about 30 s)");
            server = IchCdsApplication.start(
                    "--server.port=" + port, "--logging.level.root=ERROR", "--logging.level.org.ichcds=ERROR");
            String base = "http://127.0.0.1:" + port;
            out.println("  FHIR: " + base + "/fhir/metadata");
            run(out, pacs, settings, base);
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
            if (startedPacs) {
                pacs.stop();
            }
        }
    }

    private void run(PrintWriter out, OrthancServer pacs, Settings settings, String base) throws Exception {
        SyntheticCtSeries series = new SyntheticCtSeries();
        series.slices = 32;
        series.rows = 256;
        series.columns = 256;
        step(
                out,
                "storing a " + series.slices + "-slice " + series.rows + "x" + series.columns
                        + " CT series in the PACS over STOW-RS");
        DicomWebClient pacsClient = new DicomWebClient(pacs.endpoint(), settings.dicomWeb());
        List<String> stored = pacsClient.store(series.toBytes());
        out.println("  stored " + stored.size() + " instances of study " + series.studyUid);

        step(out, "registering Patient, Endpoint and ImagingStudy in the FHIR store");
        FhirContext fhirContext = FhirContext.forR4Cached();
        fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient fhir = fhirContext.newRestfulGenericClient(base + "/fhir");
        StudyRegistration.Registered registered = new StudyRegistration(fhir)
                .register(
                        "DEMO-0001",
                        "Demo",
                        pacs.dicomWebBase(),
                        series.studyUid,
                        new StudyRegistration.Series(series.seriesUid, series.description, series.sopUids()));
        out.println("  " + base + "/fhir/" + registered.imagingStudy());

        step(out, "reading the series back: ImagingStudy -> Endpoint -> WADO-RS");
        ImagingStudy study = fhir.read()
                .resource(ImagingStudy.class)
                .withId(registered.imagingStudy())
                .execute();
        ImagingStudyResolver.StudyLocation location = new ImagingStudyResolver(ref -> fhir.read()
                        .resource(Endpoint.class)
                        .withId(ref.getReference())
                        .execute())
                .resolve(study);
        Credentials credentials =
                Credentials.basic(settings.pacs().username(), settings.pacs().password());
        DicomWebClient client =
                new DicomWebClient(new DicomWebEndpoint(location.dicomWebBase(), credentials), settings.dicomWeb());
        LoadedStudy loaded = new StudyLoader().fromDicomWeb(client, location.studyUid());
        out.println(loaded.summary().toText());
    }

    private static void step(PrintWriter out, String text) {
        out.println("==> " + text);
        out.flush();
    }
}
