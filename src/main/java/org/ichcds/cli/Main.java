package org.ichcds.cli;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ichcds} command line (the launcher calls it with the subcommand). */
@Command(
        name = "ichcds",
        mixinStandardHelpOptions = true,
        version = "ICH CDS 0.1.0",
        description = "Intracranial hemorrhage detection on head CT: CDS Hooks, FHIR R4, DICOMweb.",
        subcommands = {
            DemoCommand.class,
            ServeCommand.class,
            PacsCommand.class,
            AuthServerCommand.class,
            TokenCommand.class,
            AnalyzeCommand.class,
            PhantomsCommand.class,
            PreviewCommand.class,
            TrainCommand.class,
            TrainHeadCommand.class,
            EvaluateCommand.class,
            CompareCommand.class,
            CalibrateCommand.class,
            BenchCommand.class
        })
public final class Main implements Runnable {

    /**
     * The model the commands use when none is given: the server's own default ({@code ichcds.inference.model-dir} in
     * {@code application.yaml}; a test keeps the two the same).
     */
    public static final String DEFAULT_MODEL = "models/ich-phantom-v2";

    public static void main(String[] args) {
        quietLogging();
        int exit = new CommandLine(new Main())
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
        if (exit != 0 || !ServeCommand.isServing()) {
            System.exit(exit);
        }
    }

    /**
     * Commands print their own output; libraries log warnings only (Logback's default would print DEBUG). PixelMed's
     * errors about damaged files are reported by the reader as one-line reasons. The server reconfigures logging from
     * application.yaml when it starts.
     */
    private static void quietLogging() {
        LoggingSystem logging = LoggingSystem.get(Main.class.getClassLoader());
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        logging.setLogLevel("com.pixelmed", LogLevel.OFF);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
