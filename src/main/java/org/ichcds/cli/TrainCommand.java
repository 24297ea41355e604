package org.ichcds.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ichcds.preprocessing.SlabMode;
import org.ichcds.training.LossValues;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.ObjectnessTarget;
import org.ichcds.training.Trainer;
import org.ichcds.training.dataset.Augmentation;
import org.ichcds.training.dataset.BalancedBatches;
import org.ichcds.training.dataset.DatasetIndex;
import org.ichcds.training.dataset.SliceSource;
import org.ichcds.training.run.EpochSelection;
import org.ichcds.training.run.EpochSummary;
import org.ichcds.training.run.HardNegatives;
import org.ichcds.training.run.TrainingRun;
import org.ichcds.training.run.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ichcds train}: trains the hemorrhage network on an RSNA/BHX data set and exports a sealed model directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the classifier + detector on a data set in the RSNA/BHX formats (see",
            "'phantoms') and export a SavedModel with manifest.json, calibrated on the",
            "validation split (Platt: a temperature and an offset per label) with thresholds",
            "on the calibrated probabilities (any: sensitivity >= 0.95 with specificity",
            ">= 0.95 when reachable; subtypes: sensitivity >= 0.90 with specificity >= 0.80;",
            "see 'calibrate').",
            "Checkpoints go to <out>.checkpoints/ (one per epoch; --resume continues from",
            "the latest)."
        })
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "data set folder (labels.csv, boxes.csv, dicom/)")
    Path data;

    @Option(names = "--out", required = true, description = "model directory to create, e.g. models/ich-small")
    Path out;

    @Option(names = "--arch", defaultValue = "small", description = "small or resnet50v2 (default: ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--input", defaultValue = "0", description = "input side in pixels, 0 = the network's default")
    int input;

    @Option(names = "--width", defaultValue = "0", description = "first-stage width of the small network, 0 = 24")
    int width;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "maximum epochs; 0 with --init-from: no training, its weights (blended with --blend-with's)"
                    + " are validated, given their --precise-bn averages and exported (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(
            names = "--blend-with",
            paramLabel = "MODEL",
            description = "with --init-from: blend its weights with another exported model of the same network, every"
                    + " head in the same shape, before training: each weight and batch-norm average becomes (1 - s)"
                    + " times --init-from's plus s times MODEL's, s = --blend-share (weight-space ensembling, as"
                    + " WiSE-FT does between a model and one fine-tuned from it; with --epochs 0, the blend itself)")
    Path blendWith;

    @Option(
            names = "--blend-share",
            paramLabel = "SHARE",
            defaultValue = "0.5",
            description = "the weight of --blend-with's model, in (0, 1) (default: ${DEFAULT-VALUE})")
    float blendShare;

    @Option(names = "--batch", defaultValue = "16", description = "slices per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--neg-ratio", defaultValue = "1", description = "negative slices per positive slice per epoch")
    double negRatio;

    @Option(
            names = "--hard-negatives",
            paramLabel = "SHARE",
            defaultValue = "0",
            description = "share of each epoch's negative slices, 0..1, that are the ones the network scores highest"
                    + " for any at the start of the epoch (hard-negative mining: look-alikes such as a hyperdense"
                    + " vessel fill few slices, so a random draw rarely shows them); the rest are drawn at random."
                    + " Costs one inference pass over every negative training slice per epoch; from the first epoch"
                    + " with --init-from, else from the second (default: ${DEFAULT-VALUE}, none)")
    double hardNegatives;

    @Option(
            names = "--hard-negatives-from",
            paramLabel = "all|negative-studies",
            defaultValue = "all",
            description = "where hard negatives are mined: every negative slice, or only the slices of studies without"
                    + " hemorrhage (the slices beside a bleed also score high, but a study is a false call only by a"
                    + " look-alike in a study without blood; scores fewer slices too) (default: ${DEFAULT-VALUE})")
    String hardNegativesFrom;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(
            names = "--detection-weight",
            defaultValue = "1",
            description = "weight of the detector's loss beside the classifier's (default: ${DEFAULT-VALUE})")
    float detectionWeight;

    @Option(names = "--patience", defaultValue = "3", description = "early stopping patience in epochs, 0 = off")
    int patience;

    @Option(
            names = "--select-by",
            paramLabel = "auc|loss",
            description = "keep the epoch with the highest validation slice AUC of any, or the lowest validation loss;"
                    + " early stopping waits on the same (default: auc; loss with --trainable detector)")
    String selectBy;

    @Option(
            names = "--trainable",
            paramLabel = "all|detector",
            defaultValue = "all",
            description = "train every layer, or the detection head alone on the weights of --init-from: the backbone,"
                    + " the classifier and their batch-norm averages stay as they are, so the probabilities and"
                    + " embeddings do not change, only the boxes (default: ${DEFAULT-VALUE})")
    String trainable;

    @Option(
            names = "--iou-loss-weight",
            defaultValue = "0",
            description = "weight of a generalised-IoU term (1 - GIoU of each truth box's cell) added to the"
                    + " detector's YOLO loss, 0..100; 0 = the YOLO loss alone (default: ${DEFAULT-VALUE})")
    float iouLossWeight;

    @Option(
            names = "--slab-mm",
            paramLabel = "MM",
            description = "read each slice as a slab of this thickness, 1 to 10 mm: the mean (or median, --slab-mode)"
                    + " of the slices whose centres lie within half of it; the exported manifest names it, so the"
                    + " server, train-head, calibrate and evaluate read the same slabs (default: every slice as it is;"
                    + " see models/README.md, \"Thin slices as slabs\")")
    Double slabMm;

    @Option(
            names = "--slice-context",
            description = "give the network each slice with its two neighbours (9 channels: the previous slice's"
                    + " windows, its own, the next slice's); the exported manifest names it (\"sliceContext\": true)"
                    + " so the server reads the same. With --init-from a model without it, the stem's weights for the"
                    + " neighbours start at zero, so training starts from that model's outputs (see models/README.md,"
                    + " \"Slice context\")")
    boolean sliceContext;

    @Option(
            names = "--slab-mode",
            paramLabel = "mean|median",
            description = "with --slab-mm, how a slab's slices become one (default: mean)")
    String slabMode;

    @Option(
            names = "--objectness-target",
            paramLabel = "presence|iou",
            defaultValue = "presence",
            description = "what the detector's objectness is trained towards in the cell holding a truth box's centre:"
                    + " presence (1), or iou (the IoU of the cell's predicted box with the truth box, as YOLO v1 did),"
                    + " so that a box's score says how well it is placed too (default: ${DEFAULT-VALUE})")
    String objectnessTarget;

    @Option(
            names = "--detector-stride",
            paramLabel = "16|8|16+8",
            defaultValue = "16",
            description = "output stride of the detection head: 16 (a 16x16 grid at 256 px), 8 (32x32: the stride-8"
                    + " stage joined with the stride-16 stage upsampled, for small lesions), or 16+8 (both grids, each"
                    + " truth box trained on one of them by its size: see --fine-box-side); a head of another stride"
                    + " than --init-from's starts from fresh weights, and so does the stride-8 grid of 16+8 from a"
                    + " one-grid model (default: ${DEFAULT-VALUE})")
    String detectorStride;

    @Option(
            names = "--fine-box-side",
            paramLabel = "PX",
            defaultValue = "" + ModelConfig.DEFAULT_FINE_BOX_SIDE,
            description = "with --detector-stride 16+8: truth boxes whose larger side is at most PX model-input pixels"
                    + " train the stride-8 grid (default: ${DEFAULT-VALUE})")
    int fineBoxSide;

    @Option(
            names = "--coarse-box-side",
            paramLabel = "PX",
            description =
                    "with --detector-stride 16+8: truth boxes whose larger side exceeds PX model-input pixels train"
                            + " the stride-16 grid, so those between --coarse-box-side and --fine-box-side train both; at most"
                            + " --fine-box-side (the default: each box trains one grid)")
    Integer coarseBoxSide;

    @Option(
            names = "--fine-detector-width",
            paramLabel = "N",
            description =
                    "with --detector-stride 16+8: channels of the stride-8 grid's hidden convolution, at most the"
                            + " stride-16 grid's; narrower costs less time per slice (default: as wide as the stride-16 grid's)")
    Integer fineDetectorWidth;

    @Option(
            names = "--detector-depth",
            paramLabel = "N",
            defaultValue = "1",
            description = "hidden 3x3 convolutions of the detection head on stride 16 (or of a one-grid head), 1 to "
                    + ModelConfig.MAX_DETECTOR_DEPTH + "; the stride-8 grid of 16+8 keeps one; a head of another depth"
                    + " than --init-from's starts from fresh weights (default: ${DEFAULT-VALUE})")
    int detectorDepth;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, sampling, augmentation")
    long seed;

    @Option(names = "--max-studies", defaultValue = "0", description = "use at most N studies (0 = all)")
    int maxStudies;

    @Option(names = "--max-batches", defaultValue = "0", description = "at most N batches per epoch (0 = all)")
    int maxBatches;

    @Option(names = "--no-augment", description = "train without augmentation")
    boolean noAugment;

    @Option(
            names = "--precise-bn",
            paramLabel = "BATCHES",
            defaultValue = "200",
            description = "after each epoch, recompute the batch-norm averages as the mean over BATCHES unaugmented"
                    + " training batches (at most all of them), before validation and the checkpoint; 0 = keep the"
                    + " training steps' moving averages (default: ${DEFAULT-VALUE})")
    int preciseBn;

    @Option(names = "--resume", description = "continue from the latest checkpoint")
    boolean resume;

    @Option(
            names = "--init-from",
            paramLabel = "MODEL",
            description = "start from an exported model of the same network (its weights; the optimizer starts afresh)")
    Path initFrom;

    @Option(names = "--checkpoints", description = "checkpoint folder (default: <out>.checkpoints)")
    Path checkpoints;

    @Option(names = "--model-version", defaultValue = "1.0.0", description = "version written to the manifest")
    String version;

    @Option(names = "--threads", defaultValue = "2", description = "studies loaded in parallel")
    int threads;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainingSettings settings = settings();
        TrainingRun run = new TrainingRun(settings, new Bars());
        if (blendWith != null) {
            try {
                run.blendingWith(blendWith, blendShare);
            } catch (IllegalArgumentException e) {
                throw new OneLineErrors.UsageException(e.getMessage());
            }
        }
        TrainingRun.Result result = run.run();
        System.out.printf(
                Locale.ROOT,
                "best epoch %d; exported %s (%s); calibration and thresholds on the validation studies:%n",
                result.bestEpoch(),
                settings.out(),
                result.manifest().id());
        result.calibration().report().forEach(System.out::println);
        return 0;
    }

    private TrainingSettings settings() {
        try {
            ModelConfig config = ModelConfig.named(arch, input);
            if (width > 0 && arch.equals("small")) {
                config = ModelConfig.small(config.inputSize(), width);
            }
            if (!detectorStride.equals("16+8") && (coarseBoxSide != null || fineDetectorWidth != null)) {
                throw new IllegalArgumentException("--coarse-box-side and --fine-detector-width shape the second grid"
                        + " of --detector-stride 16+8, not of " + detectorStride);
            }
            if (fineDetectorWidth != null && fineDetectorWidth < 1) {
                throw new IllegalArgumentException("--fine-detector-width " + fineDetectorWidth + " is not positive");
            }
            config = switch (detectorStride) {
                case "16" -> config.withDetectorStride(16);
                case "8" -> config.withDetectorStride(8);
                case "16+8" ->
                    config.withFineGrid(
                            fineBoxSide,
                            coarseBoxSide != null ? coarseBoxSide : fineBoxSide,
                            fineDetectorWidth != null ? fineDetectorWidth : 0);
                default ->
                    throw new IllegalArgumentException("--detector-stride " + detectorStride + " is not 16, 8 or 16+8");
            };
            config = config.withDetectorDepth(detectorDepth).withSliceContext(sliceContext);
            boolean detectorOnly = switch (trainable) {
                case "all" -> false;
                case "detector" -> true;
                default -> throw new IllegalArgumentException("--trainable " + trainable + " is not all or detector");
            };
            String selection = selectBy != null ? selectBy : detectorOnly ? "loss" : "auc";
            Path absoluteOut = out.toAbsolutePath().normalize();
            return new TrainingSettings(
                    data,
                    out,
                    checkpoints != null ? checkpoints : TrainingSettings.defaultCheckpoints(out),
                    config,
                    epochs,
                    batch,
                    negRatio,
                    learningRate,
                    detectionWeight,
                    patience,
                    EpochSelection.parse(selection),
                    seed,
                    maxStudies,
                    maxBatches,
                    noAugment ? Augmentation.none() : Augmentation.defaults(),
                    preciseBn,
                    resume,
                    initFrom,
                    absoluteOut.getFileName().toString(),
                    version,
                    "ichcds "
                            + String.join(
                                    " ", spec.commandLine().getParseResult().originalArgs()),
                    threads,
                    detectorOnly,
                    iouLossWeight,
                    ObjectnessTarget.of(objectnessTarget),
                    HardNegatives.of(hardNegatives, hardNegativesFrom),
                    slabMm != null ? slabMm : 0,
                    slabMode != null ? SlabMode.of(slabMode) : null);
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
    }

    /** Progress bars on stderr: loading, then one per epoch with the running loss; a summary line per epoch. */
    private static final class Bars implements TrainingRun.Reporter {
        private ProgressBar bar;
        private int batches;

        @Override
        public void indexed(DatasetIndex index) {
            System.err.println("data: " + index.summary());
        }

        @Override
        public void initialised(Path model, Trainer.Restored restored) {
            if (!restored.all()) {
                System.err.println("init: " + model + " gave the backbone, the classifier"
                        + (restored.detector() ? " and the detection head on stride 16" : "") + "; "
                        + restored.fresh() + " starts from fresh weights (that model has it in another shape:"
                        + " stride, depth or width, or not at all)");
            }
        }

        @Override
        public void blended(Path model, float share) {
            System.err.printf(Locale.ROOT, "init: blended with %s, its weight %.3f%n", model, share);
        }

        @Override
        public void loading(int studies) {
            bar = bar("load", studies, " studies");
        }

        @Override
        public void studyLoaded(int slices) {
            bar.step();
        }

        @Override
        public void loaded(SliceSource source, double seconds) {
            bar.close();
            System.err.printf(
                    Locale.ROOT,
                    "loaded %d slices in %.1f s, %.0f MiB in memory%s%n",
                    source.sliceCount(),
                    seconds,
                    source.bytes() / 1048576.0,
                    source.missingSlices() > 0 ? ", " + source.missingSlices() + " labelled slices not found" : "");
        }

        @Override
        public void training(int epochs, int batchesPerEpoch, int slicesPerEpoch) {
            batches = batchesPerEpoch;
            System.err.printf("training: %d batches (%d slices drawn) per epoch%n", batchesPerEpoch, slicesPerEpoch);
        }

        @Override
        public void step(int epoch, int index, int count, LossValues loss) {
            if (index == 0) {
                bar = bar("epoch " + epoch, count, " batches");
            }
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss.total()));
            if (index == count - 1) {
                bar.close();
            }
        }

        @Override
        public void scoring(int epoch, int slices) {
            bar = bar("mine " + epoch, slices, " negatives");
        }

        @Override
        public void scored(int slices) {
            bar.stepBy(slices);
        }

        @Override
        public void mined(BalancedBatches.Mining m) {
            bar.close();
            System.err.printf(
                    Locale.ROOT,
                    "epoch %d: the %d hardest of %d negative slices drawn (any from %.3f), scored in %.0f s%n",
                    m.epoch(),
                    m.hard(),
                    m.scored(),
                    m.lowestHardScore(),
                    m.seconds());
        }

        @Override
        public void epoch(EpochSummary s) {
            if (s.epoch() == 0) {
                System.err.printf(
                        Locale.ROOT,
                        "start weights (no training): validation loss %.4f, slice AUC(any) %.3f, %.0f s%n",
                        s.validationLoss(),
                        s.validationAucAny(),
                        s.seconds());
                return;
            }
            System.err.printf(
                    Locale.ROOT,
                    "epoch %d: loss %.4f, validation loss %.4f, slice AUC(any) %.3f, %.0f s%n",
                    s.epoch(),
                    s.trainingLoss(),
                    s.validationLoss(),
                    s.validationAucAny(),
                    s.seconds());
        }

        private static ProgressBar bar(String task, int max, String unit) {
            return ProgressBars.onStderr(task, max, unit);
        }
    }
}
