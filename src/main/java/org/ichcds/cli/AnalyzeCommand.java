package org.ichcds.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ichcds analyze PATH_OR_STUDY_URL}: load a study and print the summary of the chosen series' volume. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Load a DICOM file, a folder of DICOM files or a DICOMweb study"
                + " (http://host:port/dicom-web/studies/<StudyInstanceUID>) and print the chosen series and why,"
                + " slice count, matrix, spacing and HU range.")
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

    @Override
    public Integer call() throws Exception {
        quietPixelMed();
        LoadedStudy study = input.matches("(?i)https?://.*") ? fromUrl() : new StudyLoader().fromPath(Path.of(input));
        spec.commandLine()
                .getOut()
                .println(json ? study.summary().toJson() : study.summary().toText());
        return 0;
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

    Credentials credentials(URI base, Settings.PacsSettings pacs) {
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
