package org.ichcds.cli;

import java.util.ArrayList;
import java.util.List;
import org.ichcds.IchCdsApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the server: FHIR R4 at /fhir, health at /livez and /readyz, metrics on 127.0.0.1:8081."
                + " Any setting can be given as --key=value (for example --spring.profiles.active=postgres).")
final class ServeCommand implements Runnable {

    private static volatile boolean serving;

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    static boolean isServing() {
        return serving;
    }

    @Override
    public void run() {
        List<String> args = new ArrayList<>(springArguments);
        args.add("--server.port=" + port);
        serving = true;
        IchCdsApplication.start(args.toArray(String[]::new));
    }
}
