package org.ichcds.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code ichcds bench soak}. */
final class SoakOptions {

    @Option(names = "--model", defaultValue = Main.DEFAULT_MODEL, description = "model (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--minutes", defaultValue = "10", description = "length of the run (default: ${DEFAULT-VALUE})")
    int minutes;

    @Option(names = "--rate", defaultValue = "50", description = "calls per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(
            names = "--clients",
            defaultValue = "16",
            description = "client threads sending the calls (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--sample-every",
            defaultValue = "20",
            description = "seconds between samples of the heap after GC (default: ${DEFAULT-VALUE})")
    int sampleEvery;

    @Option(
            names = "--new-study-every",
            defaultValue = "30",
            description = "seconds between new studies (whose analyses run) (default: ${DEFAULT-VALUE})")
    int newStudyEvery;

    @Option(names = "--slices", defaultValue = "24", description = "slices per new study (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--matrix", defaultValue = "512", description = "rows = columns (default: ${DEFAULT-VALUE})")
    int matrix;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "a server setting for this run, e.g. --set ichcds.cds.jwt.max-age=10m (repeatable)")
    List<String> settings = new ArrayList<>();

    /** The server and studies as {@code bench hooks} makes them, checked first. */
    BenchHooksCommand setup() {
        if (!Files.isRegularFile(model.resolve("manifest.json"))) {
            throw new OneLineErrors.UsageException("no model at " + model + " (see --model)");
        }
        if (minutes < 1 || rate < 1 || clients < 1) {
            throw new OneLineErrors.UsageException("--minutes, --rate and --clients must be at least 1");
        }
        if (sampleEvery < 1 || newStudyEvery < 1) {
            throw new OneLineErrors.UsageException("--sample-every and --new-study-every must be at least 1 (second)");
        }
        BenchHooksCommand setup = new BenchHooksCommand();
        setup.model = model;
        setup.slices = slices;
        setup.matrix = matrix;
        setup.settings = settings;
        return setup;
    }
}
