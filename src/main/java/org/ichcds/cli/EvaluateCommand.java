package org.ichcds.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ichcds.inference.BoxGrid;
import org.ichcds.inference.BoxMerge;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelDirectory;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.RunnerOptions;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.inference.TensorFlowModelRunner;
import org.ichcds.inference.TestTimeAugmentation;
import org.ichcds.training.dataset.DatasetIndex;
import org.ichcds.training.dataset.DatasetStudy;
import org.ichcds.training.dataset.Split;
import org.ichcds.training.evaluation.BoxStudyExponentFit;
import org.ichcds.training.evaluation.Evaluation;
import org.ichcds.training.evaluation.EvaluationContext;
import org.ichcds.training.evaluation.Metrics;
import org.ichcds.training.evaluation.PredictionsCsv;
import org.ichcds.training.evaluation.ReportMarkdown;
import org.ichcds.training.evaluation.ShownBoxes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds evaluate --model DIR --data DIR}: run a split of a data set through the serving path and write
 * report.md, metrics.json, predictions.csv, detections.csv, roc.png and reliability.png; with {@code
 * --record-in-manifest} also the model's manifest metrics.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a model on a data set (RSNA labels.csv, BHX boxes.csv, DICOM) through the serving path:"
                + " study and slice AUC, sensitivity/specificity at the manifest's thresholds, weighted log loss,"
                + " box mAP@0.5, expected calibration error and reliability diagrams, the any call per subgroup, study"
                + " AUCs with 95%% intervals. Writes report.md, metrics.json, predictions.csv (per study, for ichcds"
                + " compare), detections.csv (every predicted box, in DICOM pixels), roc.png and reliability.png.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model directory (SavedModel + manifest.json)")
    Path model;

    @Option(names = "--data", required = true, description = "data set folder (labels.csv, boxes.csv, dicom/)")
    Path data;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "train, val, test or all (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--out", description = "output folder (default: data/evaluation/<model id>-<split>)")
    Path out;

    @Option(names = "--batch", defaultValue = "16", description = "slices per TensorFlow call (default: 16)")
    int batch;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads, 0 = one per core")
    int threads;

    @Option(
            names = "--min-box-score",
            defaultValue = "0.05",
            description = "lowest box score kept for mAP (default: ${DEFAULT-VALUE}; the server shows boxes from the"
                    + " model's minBoxScore, else 0.25: AP needs the low-scoring tail of the precision-recall curve);"
                    + " the boxes the server would show are reported apart")
    float minBoxScore;

    @Option(names = "--top-k", defaultValue = "1", description = "slices averaged for a study probability (default: 1)")
    int topK;

    @Option(
            names = "--nms-iou",
            defaultValue = "0.45",
            description = "IoU above which a lower-scoring box of the same subtype on a slice is suppressed, in (0, 1]"
                    + " (default: ${DEFAULT-VALUE}, as the server's ichcds.inference.nms-iou)")
    float nmsIou;

    @Option(
            names = "--record-in-manifest",
            description = "also write the study-level figures (evaluation.* metrics: AUC, sensitivity, specificity,"
                    + " ECE per label) into the model's manifest.json and seal it again, for the model card")
    boolean recordInManifest;

    private int skippedImages;

    @Override
    public Integer call() throws Exception {
        AnalyzeCommand.quietPixelMed();
        if (!(nmsIou > 0f && nmsIou <= 1f)) {
            throw new OneLineErrors.UsageException("--nms-iou " + nmsIou + " is outside (0, 1]; the server's default"
                    + " (ichcds.inference.nms-iou) is "
                    + RunnerOptions.defaults().nmsIou());
        }
        List<DatasetStudy> studies = studies();
        long start = System.nanoTime();
        RunnerOptions options = usable(() -> new RunnerOptions(batch, false, threads, minBoxScore, nmsIou));
        StudyAggregator.Options aggregation = usable(() -> new StudyAggregator.Options(
                topK, 3, StudyAggregator.Options.defaults().maxBoxes(), nmsIou));
        if (!Files.isDirectory(model)) {
            throw new OneLineErrors.UsageException("model directory " + model + " does not exist");
        }
        Evaluation evaluation;
        String modelId;
        String version;
        String studySource;
        ModelManifest manifest;
        try (TensorFlowModelRunner runner = TensorFlowModelRunner.open(model, options);
                ProgressBar bar = progressBar(studies.size())) {
            manifest = runner.manifest();
            modelId = runner.manifest().id();
            version = runner.manifest().version();
            evaluation = Evaluation.run(runner, aggregation, studies, outcome -> bar.step());
            studySource = studySource(runner.manifest(), topK, runner.passes()) + suppression(nmsIou);
        }
        Path folder = out != null ? out : Path.of("data", "evaluation", modelId + "-" + split);
        List<String> notes = notes(evaluation);
        List<String> reported = new ArrayList<>(notes);
        reported.add(studySource);
        ShownBoxes.Summary shownBoxes = shownBoxes(evaluation, manifest);
        String shown = describe(shownBoxes, manifest);
        reported.add(shown);
        evaluation.write(folder, context(modelId, version, start, reported, shownBoxes));
        notes.forEach(note -> spec.commandLine().getErr().println("note: " + note));
        var stdout = spec.commandLine().getOut();
        stdout.println(studySource);
        stdout.print(ReportMarkdown.summary(evaluation.metrics()));
        stdout.println(shown);
        stdout.println("wrote " + folder.resolve(Evaluation.REPORT) + ", " + Evaluation.METRICS + ", "
                + PredictionsCsv.FILE_NAME + ", " + Evaluation.DETECTIONS + ", " + Evaluation.ROC + ", "
                + Evaluation.RELIABILITY);
        if (recordInManifest) {
            record(evaluation);
            stdout.println("recorded the figures in " + model.resolve(ModelManifest.FILE_NAME));
        }
        return 0;
    }

    /** Replaces the manifest's {@code evaluation.*} metrics with this evaluation's and seals the directory again. */
    private void record(Evaluation evaluation) throws IOException {
        ModelDirectory directory = new ModelDirectory(model);
        ModelManifest manifest = directory.verifiedManifest();
        Map<String, Double> metrics = new TreeMap<>();
        manifest.metrics().forEach((key, value) -> {
            if (!key.startsWith(Evaluation.MANIFEST_PREFIX)) {
                metrics.put(key, value);
            }
        });
        metrics.putAll(evaluation.manifestMetrics());
        directory.seal(manifest.withMetrics(metrics));
    }

    /**
     * Where the study-level figures come from: the model's own study output, or the slices aggregated; and how the
     * slice network ran when the manifest names a test-time augmentation, with the share of slices it ran mirrored.
     */
    static String studySource(ModelManifest manifest, int topK, TensorFlowModelRunner.Passes passes) {
        String source = outputSource(manifest, topK);
        if (manifest.augmentation() == TestTimeAugmentation.FLIP) {
            source += "; test-time augmentation " + manifest.augmentationText()
                    + " (each mirrored slice merged with its"
                    + " plain pass): " + passes.mirrored() + " of " + passes.slices()
                    + " slices ran mirrored ("
                    + String.format(Locale.ROOT, "%.1f", 100 * passes.mirroredShare()) + " %)";
        }
        if (manifest.boxStudyWeight() > 0) {
            source += "; each box scored as the detector's score times its subtype's calibrated study probability to"
                    + " the power " + BoxStudyExponentFit.text(manifest.boxStudyWeight());
        }
        if (manifest.boxMergeMode() == BoxMerge.WEIGHTED) {
            source += "; each slice's suppressed boxes merged into the box that suppressed them (boxMerge weighted:"
                    + " its edges the score-weighted mean)";
        }
        String grids = HemorrhageLabel.subtypes().stream()
                .filter(s -> manifest.boxGrid(s) != BoxGrid.BOTH)
                .map(s -> s.code() + " " + manifest.boxGrid(s).code())
                .collect(java.util.stream.Collectors.joining(", "));
        if (!grids.isEmpty()) {
            source += "; boxes of one detection grid only (boxGrids: " + grids + ")";
        }
        return source;
    }

    /**
     * The boxes a server shows with the model's minimum box score (its manifest's {@code minBoxScore}, else 0.25), and
     * the score with the highest F1 on these studies; measured on the detector's own scores, as the server cuts them.
     * Null when {@code --min-box-score} keeps fewer boxes than the model shows.
     */
    ShownBoxes.Summary shownBoxes(Evaluation evaluation, ModelManifest manifest) {
        double own = manifest.boxScoreShown();
        if (own < minBoxScore) {
            return null;
        }
        var detections = ShownBoxes.detectorScored(evaluation, manifest.boxStudyWeight());
        String from = manifest.minBoxScore() != null ? "the model's minBoxScore" : "the default";
        ShownBoxes best = minBoxScore <= (float) ShownBoxes.LOWEST ? ShownBoxes.bestF1(evaluation, detections) : null;
        return new ShownBoxes.Summary(ShownBoxes.of(evaluation, detections, own), from, best);
    }

    /** The line printed and written into report.md for {@link #shownBoxes}. */
    String describe(ShownBoxes.Summary summary, ModelManifest manifest) {
        if (summary == null) {
            return "boxes shown: not measured, the model shows boxes from score " + manifest.boxScoreShown()
                    + " and --min-box-score " + minBoxScore + " keeps fewer";
        }
        ShownBoxes served = summary.served();
        String text = String.format(
                Locale.ROOT,
                "boxes shown from detector score %.2f (%s): %s",
                served.minScore(),
                summary.source(),
                served.describe());
        ShownBoxes best = summary.highestF1();
        if (best != null) {
            text += best.onTruth() == 0
                    ? "; no box from score " + ShownBoxes.LOWEST + " lies on a truth box"
                    : String.format(Locale.ROOT, "; highest F1 from score %.2f: %s", best.minScore(), best.describe());
        }
        return text;
    }

    /** Says so when the boxes were suppressed at another IoU than the server's default. */
    static String suppression(float nmsIou) {
        float serverDefault = RunnerOptions.defaults().nmsIou();
        return nmsIou == serverDefault
                ? ""
                : "; boxes suppressed at IoU " + nmsIou + " (the server's default, ichcds.inference.nms-iou, is "
                        + serverDefault + ")";
    }

    private static String outputSource(ModelManifest manifest, int topK) {
        if (manifest.hasSequenceHead()) {
            List<String> head = new ArrayList<>();
            List<String> network = new ArrayList<>();
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                (manifest.sequenceHead().serves(label) ? head : network).add(label.code());
            }
            if (network.isEmpty()) {
                return "study-level figures come from the model's sequence head (its study output, calibrated);"
                        + " slice-level figures from its refined slice probabilities";
            }
            return "study-level figures come from the model's sequence head for " + labels(head)
                    + " (its study output, calibrated; slice-level figures from its refined slices) and from the slice"
                    + " network for " + labels(network) + " (the maximum of its slice probabilities, calibrated;"
                    + " slice-level figures from its own slices)";
        }
        return "study-level figures come from the slice probabilities (mean of the top " + topK + " per label,"
                + " calibrated)";
    }

    private static String labels(List<String> codes) {
        return codes.isEmpty() ? "no label" : String.join(", ", codes);
    }

    private List<DatasetStudy> studies() throws IOException {
        Split part = "all".equalsIgnoreCase(split) ? null : usable(() -> Split.fromCode(split));
        DatasetIndex index = usable(() -> DatasetIndex.read(data));
        skippedImages = index.skippedImages();
        List<DatasetStudy> chosen = part == null ? index.studies() : index.studies(part);
        if (chosen.isEmpty()) {
            throw new OneLineErrors.UsageException(
                    "split '" + split + "' of " + data + " holds no study (" + index.summary() + ")");
        }
        return chosen;
    }

    private List<String> notes(Evaluation evaluation) {
        List<String> notes = new ArrayList<>();
        if (skippedImages > 0) {
            notes.add(skippedImages + " labelled images of the data set had no DICOM file or UIDs and were left out");
        }
        if (evaluation.unmatchedSlices() > 0) {
            notes.add(evaluation.unmatchedSlices() + " labelled slices were not in the series chosen for their study"
                    + " and are left out of the slice metrics (their truth boxes count as missed)");
        }
        evaluation.studySources().ifPresent(sources -> notes.add(sourceAucs(sources, evaluation.studyTruths())));
        return notes;
    }

    /** Per label, the study AUC of the head's output and of the slice network's maximum, whichever is served. */
    static String sourceAucs(Evaluation.StudySources sources, List<boolean[]> truths) {
        List<String> parts = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            boolean[] truth = new boolean[truths.size()];
            double[] head = new double[truths.size()];
            double[] network = new double[truths.size()];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = truths.get(i)[label.ordinal()];
                head[i] = sources.head().get(i)[label.ordinal()];
                network[i] = sources.sliceNetwork().get(i)[label.ordinal()];
            }
            parts.add(label.code() + " " + auc(Metrics.rocAuc(head, truth)) + " / "
                    + auc(Metrics.rocAuc(network, truth)));
        }
        return "study AUC per label, the sequence head's output / the slice network's maximum over slices: "
                + String.join(", ", parts);
    }

    private static String auc(java.util.OptionalDouble value) {
        return value.isPresent() ? String.format(java.util.Locale.ROOT, "%.3f", value.getAsDouble()) : "n/a";
    }

    private EvaluationContext context(
            String modelId, String version, long start, List<String> notes, ShownBoxes.Summary shownBoxes) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // run from the top-level command, the original arguments start with this command's name
        String command = "ichcds evaluate "
                + String.join(
                        " ", args.isEmpty() || !args.get(0).equals("evaluate") ? args : args.subList(1, args.size()));
        return new EvaluationContext(
                modelId,
                version,
                model.toString(),
                data.toString(),
                split,
                command,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Timings.since(start) / 1000,
                notes,
                shownBoxes);
    }

    private static ProgressBar progressBar(int studies) {
        return ProgressBars.onStderr("evaluate", studies, " studies");
    }

    /** Turns a refused argument into a usage error (exit status 2, one line). */
    private static <T> T usable(IoSupplier<T> value) throws IOException {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
