package org.ichcds.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ichcds.analysis.StudyTarget;
import org.ichcds.analysis.VolumeAnalyzer;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.pacs.PacsProperties;
import org.ichcds.reporting.StudyFindings;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds analyze PATH_OR_STUDY_URL}: load a study, print the summary of the chosen series' volume and, when a
 * model is there, its findings per subtype.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Load a DICOM file, a folder of DICOM files or a DICOMweb study"
                + " (http://host:port/dicom-web/studies/<StudyInstanceUID>) and print the chosen series and why,"
                + " slice count, matrix, spacing and HU range; with a model, the findings per subtype (probability,"
                + " key slices, boxes).")
final class AnalyzeCommand implements Callable<Integer> {

    private static final Pattern STUDY_URL = Pattern.compile("(https?://.+)/studies/([0-9.]+)/?");
    // PixelMed logs an ERROR for damage the reader reports itself as a one-line reason; keep the logger referenced
    private static final Logger PIXELMED = Logger.getLogger("com.pixelmed");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH_OR_STUDY_URL", description = "DICOM file, folder, or DICOMweb study URL")
    String input;

    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @Option(names = "--user", description = "PACS user for HTTP Basic (default: the configured PACS's)")
    String user;

    @Option(names = "--password", description = "PACS password for HTTP Basic (with --user)")
    String password;

    @Option(names = "--token", description = "bearer token for the PACS")
    String token;

    @Option(
            names = "--model",
            description = "model directory (default: ${DEFAULT-VALUE}, when it exists)",
            defaultValue = Main.DEFAULT_MODEL)
    Path model;

    @Option(names = "--no-model", description = "print the volume summary only")
    boolean noModel;

    @Override
    public Integer call() throws Exception {
        quietPixelMed();
        LoadedStudy study = input.matches("(?i)https?://.*") ? fromUrl() : new StudyLoader().fromPath(Path.of(input));
        Optional<StudyFindings> findings = findings(study);
        String summary = json ? study.summary().toJson() : study.summary().toText();
        if (findings.isPresent()) {
            summary = json
                    ? FindingsPrinter.json(summary, findings.get())
                    : summary + "\n" + FindingsPrinter.text(findings.get());
        }
        spec.commandLine().getOut().println(summary);
        return 0;
    }

    /** The model's findings, when a model is there (the default one, or --model); none with --no-model. */
    private Optional<StudyFindings> findings(LoadedStudy study) throws Exception {
        boolean defaultModel = spec.commandLine().getParseResult().matchedOption("--model") == null;
        if (noModel || (defaultModel && !Files.isRegularFile(model.resolve(ModelManifest.FILE_NAME)))) {
            return Optional.empty();
        }
        try (ModelRunner runner = TensorFlowModelRunner.open(model, RunnerOptions.defaults())) {
            CtVolume volume = study.volume();
            StudyTarget target = new StudyTarget(volume.studyUid(), URI.create("file:" + input), null, null, List.of());
            return Optional.of(new VolumeAnalyzer(runner, new StudyAggregator(StudyAggregator.Options.defaults()))
                    .analyze(UUID.randomUUID().toString(), target, volume)
                    .findings());
        }
    }

    private LoadedStudy fromUrl() throws Exception {
        Matcher m = STUDY_URL.matcher(input);
        if (!m.matches()) {
            throw new OneLineErrors.UsageException(
                    "not a DICOMweb study URL (expected .../studies/<StudyInstanceUID>): " + input);
        }
        Settings settings = Settings.load();
        URI base = URI.create(m.group(1));
        DicomWebEndpoint endpoint = new DicomWebEndpoint(base, credentials(base, settings.pacs()));
        return new StudyLoader().fromDicomWeb(new DicomWebClient(endpoint, settings.dicomWeb()), m.group(2));
    }

    Credentials credentials(URI base, PacsProperties pacs) {
        if (token != null && user != null) {
            throw new OneLineErrors.UsageException("give either --token or --user, not both");
        }
        if (token != null) {
            return Credentials.bearer(token);
        }
        if (user != null) {
            if (password == null) {
                throw new OneLineErrors.UsageException("--user needs --password");
            }
            return Credentials.basic(user, password);
        }
        boolean configuredPacs = pacs.host().equalsIgnoreCase(base.getHost()) && pacs.port() == base.getPort();
        return configuredPacs ? Credentials.basic(pacs.username(), pacs.password()) : Credentials.none();
    }

    static void quietPixelMed() {
        PIXELMED.setLevel(Level.OFF);
        // PixelMed logs through SLF4J, which is bound to whichever backend is on the classpath (Logback here)
        LoggingSystem.get(AnalyzeCommand.class.getClassLoader()).setLogLevel("com.pixelmed", LogLevel.OFF);
    }
}
