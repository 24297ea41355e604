package org.ichcds.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ichcds.training.calibration.HeadLabels;
import org.ichcds.training.sequence.SequenceHeadConfig;
import org.ichcds.training.sequence.SequenceHeadRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ichcds train-head}: adds a sequence head over the slices to an exported model. */
@Command(
        name = "train-head",
        mixinStandardHelpOptions = true,
        description = {
            "Add a sequence head to a model made by 'train': a temporal convolution over",
            "the per-slice embeddings of a series that refines each slice's probabilities",
            "with its neighbours and gives study probabilities of its own. Trains on the",
            "frozen embeddings of the data set's training split (one series per step),",
            "keeps the epoch with the lowest validation loss, exports it to",
            "<model>/sequence/, records it in manifest.json and recalibrates the model",
            "(temperatures, thresholds) on the validation split's studies."
        })
final class TrainHeadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model directory made by 'train'")
    Path model;

    @Option(names = "--data", required = true, description = "the data set the model was trained on")
    Path data;

    @Option(names = "--epochs", defaultValue = "20", description = "passes over the training series (default: 20)")
    int epochs;

    @Option(names = "--hidden", defaultValue = "64", description = "channels of the temporal convolutions (64)")
    int hidden;

    @Option(
            names = "--kernels",
            split = ",",
            paramLabel = "K,K,...",
            description = "sizes of the temporal convolutions along the slices, odd: the first reads the embeddings,"
                    + " each further one is added as a residual; a slice sees the sum of (K - 1) / 2 neighbours on"
                    + " each side (default: 3,3)")
    List<Integer> kernels;

    // 1e-3 overfitted the training studies' embeddings within an epoch on 210 phantom studies; 2e-4 kept the lowest
    // validation loss (0.401 against 0.425) and study AUC (models/README.md, "Sequence head")
    @Option(names = "--lr", defaultValue = "0.0002", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the head's weights and series order")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads, 0 = one per core")
    int threads;

    @Option(
            names = "--embeddings",
            paramLabel = "FILE",
            description = "keep the slice network's embeddings of the data set in FILE: a later run on the same model"
                    + " and data set reads them instead of loading and embedding every series again (most of a"
                    + " run's time); a FILE made for another model or data set is replaced")
    Path embeddings;

    @Option(
            names = "--random-init",
            description = "start the head from random weights; by default it starts as the slice network's own"
                    + " classifier (before training it predicts exactly what the model does without a head) and the"
                    + " state kept is the best on the validation series, that start included")
    boolean randomInit;

    @Option(
            names = "--fixed-slice-read",
            description = "keep each slice's own read at the slice network's classifier (not trained): the head is"
                    + " then the slice network plus a correction from the neighbours that starts at zero")
    boolean fixedSliceRead;

    @Option(
            names = "--correction-penalty",
            defaultValue = "0",
            paramLabel = "WEIGHT",
            description = "add WEIGHT times the mean squared correction (what the neighbours add to the slice"
                    + " logits) to the training loss, so the head leaves the slice network only where the data pays"
                    + " for it; the reported losses leave it out (default: 0, none)")
    float correctionPenalty;

    @Option(
            names = "--head-labels",
            defaultValue = "all",
            description =
                    "labels the head serves (its refined slices and study output); the others keep the slice"
                            + " network's slices and their maximum: all, auto (per label the head, unless the slice network's maximum"
                            + " has the higher study AUC on the validation studies with a paired DeLong p below 0.05), or a comma-separated list of labels (default: ${DEFAULT-VALUE}).")
    String headLabels;

    private HeadLabels parsedHeadLabels() {
        try {
            HeadLabels parsed = HeadLabels.parse(headLabels);
            if (parsed.mode() == HeadLabels.Mode.KEEP) {
                throw new IllegalArgumentException("--head-labels keep applies to calibrate; a new head has no labels"
                        + " to keep: give all, auto or a list of labels");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        AnalyzeCommand.quietPixelMed();
        if (!Files.isDirectory(model)) {
            throw new OneLineErrors.UsageException("model directory " + model + " does not exist");
        }
        if (epochs < 1 || hidden < 1) {
            throw new OneLineErrors.UsageException("--epochs and --hidden must be at least 1");
        }
        var out = spec.commandLine().getOut();
        SequenceHeadRun.Settings settings = new SequenceHeadRun.Settings(
                model,
                data,
                epochs,
                hidden,
                kernels == null ? SequenceHeadConfig.DEFAULT_KERNELS : kernels,
                learningRate,
                seed,
                randomInit,
                threads,
                commandLine(),
                embeddings,
                parsedHeadLabels(),
                fixedSliceRead,
                correctionPenalty);
        SequenceHeadRun.Result result;
        try {
            result = new SequenceHeadRun(settings, new SequenceHeadRun.Reporter() {
                        private ProgressBar bar;

                        @Override
                        public void loading(int studies) {
                            bar = ProgressBars.onStderr("load", studies, " studies");
                        }

                        @Override
                        public void studyLoaded() {
                            bar.step();
                        }

                        @Override
                        public void embedding(int series) {
                            bar.close();
                            bar = ProgressBars.onStderr("embed", series, " series");
                        }

                        @Override
                        public void seriesEmbedded() {
                            bar.step();
                        }

                        @Override
                        public void embeddingsFile(Path file, boolean read) {
                            out.println((read ? "embeddings read from " : "embeddings written to ") + file);
                        }

                        @Override
                        public void embeddingsNotWritten(Path file, String reason) {
                            spec.commandLine()
                                    .getErr()
                                    .println("warning: could not keep the embeddings in " + file + " (" + reason
                                            + "); training goes on, and the next run embeds again");
                        }

                        @Override
                        public void loaded(int training, int validation, int width) {
                            if (bar != null) {
                                bar.close();
                            }
                            out.printf(
                                    Locale.ROOT,
                                    "embeddings of %d training and %d validation series, width %d%n",
                                    training,
                                    validation,
                                    width);
                        }

                        @Override
                        public void start(double validationLoss) {
                            out.printf(Locale.ROOT, "epoch 0 (the start): validation loss %.4f%n", validationLoss);
                        }

                        @Override
                        public void epoch(int epoch, double trainingLoss, double validationLoss) {
                            out.printf(
                                    Locale.ROOT,
                                    "epoch %d: loss %.4f, validation loss %.4f%n",
                                    epoch,
                                    trainingLoss,
                                    validationLoss);
                        }
                    })
                    .run();
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        out.printf(
                Locale.ROOT,
                "kept epoch %d%s%n",
                result.fit().bestEpoch(),
                result.fit().bestEpoch() == 0
                        ? ": no epoch did better on the validation series than the start"
                                + (randomInit ? "" : ", so the head predicts what the slice network alone does")
                        : "");
        for (Map.Entry<String, Double> figure : result.figures().entrySet()) {
            out.printf(Locale.ROOT, "%-50s %.4f%n", figure.getKey(), figure.getValue());
        }
        result.headLabels().ifPresent(choice -> choice.report().forEach(out::println));
        out.println("wrote " + model.resolve(SequenceHeadRun.DIRECTORY) + " and " + model.resolve("manifest.json")
                + " (recalibrated on the validation studies)");
        return 0;
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> own = args.isEmpty() || !args.get(0).equals("train-head") ? args : args.subList(1, args.size());
        return "ichcds train-head " + String.join(" ", own);
    }
}
