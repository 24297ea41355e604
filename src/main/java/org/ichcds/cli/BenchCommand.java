package org.ichcds.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures (medians of repeated runs); nothing here asserts a time. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures: medians of repeated runs on this machine.",
        subcommands = {
            BenchReadCommand.class,
            BenchPreprocessCommand.class,
            BenchInferCommand.class,
            BenchHooksCommand.class,
            BenchTrainCommand.class,
            BenchBigStudyCommand.class,
            BenchSoakCommand.class,
            BenchIngestCommand.class,
            BenchStartupCommand.class,
            OpenLoopClientCommand.class
        })
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        CommandLine.usage(spec.commandLine(), System.out);
    }
}
