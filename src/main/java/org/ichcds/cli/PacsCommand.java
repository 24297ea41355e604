package org.ichcds.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.ichcds.pacs.OrthancServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ichcds pacs start|stop|status}: the local PACS (Debian's Orthanc with DICOMweb) as a background process. */
@Command(
        name = "pacs",
        mixinStandardHelpOptions = true,
        description = "Run the local PACS: Orthanc with its DICOMweb plugin on the configured port (ichcds.pacs.*),"
                + " local clients only, HTTP Basic authentication, storage under the configured folder.",
        subcommands = {PacsCommand.Start.class, PacsCommand.Stop.class, PacsCommand.Status.class})
final class PacsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Supplier<OrthancServer> configured =
            () -> new OrthancServer(Settings.load().pacs().toOrthancConfig());

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the PACS (no-op if running).")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            OrthancServer server = configured.get();
            OrthancServer.Status status = server.startDetached();
            spec.commandLine().getOut().println("PACS " + status.describe());
            spec.commandLine().getOut().println("DICOMweb: " + server.dicomWebBase());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the PACS started by 'pacs start'.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean stopped = configured.get().stop();
            spec.commandLine().getOut().println(stopped ? "PACS stopped" : "PACS was not running");
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Say whether the PACS runs; exit status 0 if it does, 3 if not.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            OrthancServer.Status status = configured.get().status();
            spec.commandLine().getOut().println("PACS " + status.describe());
            // LSB init-script convention: 3 = program is not running
            return status.running() ? 0 : 3;
        }
    }
}
