package org.ichcds.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ichcds} command line (the launcher calls it with the subcommand). */
@Command(
        name = "ichcds",
        mixinStandardHelpOptions = true,
        version = "ICH CDS 0.1.0",
        description = "Intracranial hemorrhage detection on head CT: CDS Hooks, FHIR R4, DICOMweb.",
        subcommands = {ServeCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int exit = new CommandLine(new Main())
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
        if (exit != 0 || !ServeCommand.isServing()) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
