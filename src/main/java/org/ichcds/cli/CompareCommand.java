package org.ichcds.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ichcds.training.evaluation.ModelComparison;
import org.ichcds.training.evaluation.Predictions;
import org.ichcds.training.evaluation.PredictionsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds compare A B}: two evaluations of the same studies, label by label: both study AUCs and whether they
 * differ (DeLong's paired test).
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compare two models evaluated on the same studies: per label, both study AUCs, their difference"
                + " with a 95%% interval and a two-sided p-value (DeLong's test for paired ROC curves). A and B are"
                + " evaluate output folders (or their predictions.csv).")
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "first evaluation: folder or predictions.csv")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "second evaluation: folder or predictions.csv")
    Path b;

    @Option(names = "--out", description = "also write the table to this Markdown file")
    Path out;

    @Override
    public Integer call() throws IOException {
        ModelComparison comparison;
        try {
            comparison = ModelComparison.of(read(a), read(b));
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        String table = comparison.markdown(a.toString(), b.toString());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table);
        if (out != null) {
            Files.writeString(out, table);
            stdout.println("wrote " + out);
        }
        // picocli's writer flushes on println only
        stdout.flush();
        return 0;
    }

    private static Predictions read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(PredictionsCsv.FILE_NAME) : path;
        try {
            return PredictionsCsv.read(file);
        } catch (NoSuchFileException e) {
            throw new OneLineErrors.UsageException(file + " does not exist: give an evaluate output folder (made by"
                    + " this version of ichcds evaluate) or its " + PredictionsCsv.FILE_NAME);
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(
                    e.getMessage() + " (expected the " + PredictionsCsv.FILE_NAME + " of an ichcds evaluate folder)");
        }
    }
}
