package org.ichcds.training.run;

import java.nio.file.Path;
import java.util.Objects;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.SlabMode;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.ObjectnessTarget;
import org.ichcds.training.dataset.Augmentation;

/**
 * Everything a training run needs.
 *
 * @param data the RSNA/BHX data set folder
 * @param out the model directory to export to (new or empty): SavedModel + manifest.json only
 * @param checkpoints where per-epoch checkpoints go (never inside {@code out}: the server refuses unlisted files)
 * @param config the network
 * @param epochs maximum number of epochs; 0 with {@code initialiseFrom}: no training, the start weights exported
 * @param batchSize slices per training step
 * @param negativesPerPositive negative slices drawn per positive slice each epoch
 * @param learningRate Adam step size
 * @param detectionWeight weight of the detector's YOLO loss beside the classification loss (1 = equal)
 * @param patience stop after this many epochs without a better one by {@code selection}; 0 = never stop early
 * @param selection which epoch is kept and what early stopping waits on
 * @param seed weights, sampling and augmentation depend only on this
 * @param maxStudies use at most this many studies (0 = all), for quick runs
 * @param maxBatches at most this many batches per epoch (0 = all), for quick runs
 * @param augmentation per-slice augmentation of the training batches
 * @param batchNormBatches after each epoch, recompute the batch-norm averages over this many unaugmented training
 *     batches before validating (0 = keep the training steps' moving averages)
 * @param resume continue from the latest checkpoint
 * @param initialiseFrom an exported model of the same network to start from (its weights, a fresh optimizer), or null
 * @param modelId the manifest id
 * @param modelVersion the manifest version
 * @param commandLine how the run was started, recorded in the manifest
 * @param threads studies loaded in parallel
 * @param detectorOnly train the detection head alone, on the weights of {@code initialiseFrom}; the probabilities and
 *     embeddings stay those of that model
 * @param iouLossWeight weight of the GIoU term in the detector's loss (0 = the YOLO v1 loss alone)
 * @param objectnessTarget what the detector's objectness is trained towards in a cell responsible for a truth box
 * @param hardNegatives which share of each epoch's negatives are the ones the network scores highest at the start of
 *     the epoch, and from which studies ({@link HardNegatives#NONE}: every negative drawn at random)
 * @param slabMm the slab thin slices are read as, in mm, in training and in the exported model's manifest (see {@link
 *     PreprocessingSettings#slabMm()}); 0: every slice as it is
 * @param slabMode how a slab's slices become one; {@code null} is the mean
 */
public record TrainingSettings(
        Path data,
        Path out,
        Path checkpoints,
        ModelConfig config,
        int epochs,
        int batchSize,
        double negativesPerPositive,
        float learningRate,
        float detectionWeight,
        int patience,
        EpochSelection selection,
        long seed,
        int maxStudies,
        int maxBatches,
        Augmentation augmentation,
        int batchNormBatches,
        boolean resume,
        Path initialiseFrom,
        String modelId,
        String modelVersion,
        String commandLine,
        int threads,
        boolean detectorOnly,
        float iouLossWeight,
        ObjectnessTarget objectnessTarget,
        HardNegatives hardNegatives,
        double slabMm,
        SlabMode slabMode) {

    public TrainingSettings {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(objectnessTarget, "objectnessTarget");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(selection, "selection");
        if (epochs == 0 && initialiseFrom == null) {
            throw new IllegalArgumentException(
                    "0 epochs export the start weights as they are: name them with --init-from MODEL");
        }
        if (epochs < 0 || batchSize < 1 || patience < 0 || maxStudies < 0 || maxBatches < 0 || threads < 1) {
            throw new IllegalArgumentException("epochs " + epochs + ", batch " + batchSize + ", patience " + patience
                    + ", max studies " + maxStudies + ", max batches " + maxBatches + " or threads " + threads
                    + " out of range");
        }
        if (batchNormBatches < 0) {
            throw new IllegalArgumentException("batch-norm batches " + batchNormBatches + " must not be negative");
        }
        if (!(detectionWeight >= 0 && detectionWeight <= 100)) {
            throw new IllegalArgumentException("detection weight " + detectionWeight + " is outside 0..100");
        }
        if (!(iouLossWeight >= 0 && iouLossWeight <= 100)) {
            throw new IllegalArgumentException("IoU loss weight " + iouLossWeight + " is outside 0..100");
        }
        if (detectorOnly && initialiseFrom == null) {
            throw new IllegalArgumentException("training the detector alone needs a model to start from: its"
                    + " backbone and classifier are kept as they are; name one with --init-from MODEL");
        }
        if (detectorOnly && selection == EpochSelection.AUC) {
            throw new IllegalArgumentException("training the detector alone leaves the classifier's validation AUC"
                    + " the same in every epoch, so it cannot choose the epoch; use --select-by loss");
        }
        if (!(negativesPerPositive >= 0 && negativesPerPositive <= 1000)) {
            throw new IllegalArgumentException("negative ratio " + negativesPerPositive + " is outside 0..1000");
        }
        Objects.requireNonNull(hardNegatives, "hardNegatives");
        slabMode = slabMode == null ? SlabMode.MEAN : slabMode;
        if (!(slabMm == 0 || PreprocessingSettings.isSlab(slabMm))) {
            throw new IllegalArgumentException("slab " + slabMm + " mm is outside [1, "
                    + PreprocessingSettings.MAX_SLAB_MM + "]; leave it out to read every slice as it is");
        }
        if (slabMm == 0 && slabMode != SlabMode.MEAN) {
            throw new IllegalArgumentException("a slab mode needs a slab: name its thickness with --slab-mm");
        }
        if (hardNegatives.mined() && negativesPerPositive == 0) {
            throw new IllegalArgumentException("hard negatives need negatives to draw: the negative ratio is 0");
        }
        if (checkpoints
                .toAbsolutePath()
                .normalize()
                .startsWith(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(
                    "checkpoints " + checkpoints + " must not lie inside the model directory " + out
                            + ": the server refuses a model directory holding files its manifest does not list");
        }
    }

    /** The same settings with the objectness of responsible cells trained towards presence, as before the option. */
    public TrainingSettings(
            Path data,
            Path out,
            Path checkpoints,
            ModelConfig config,
            int epochs,
            int batchSize,
            double negativesPerPositive,
            float learningRate,
            float detectionWeight,
            int patience,
            EpochSelection selection,
            long seed,
            int maxStudies,
            int maxBatches,
            Augmentation augmentation,
            int batchNormBatches,
            boolean resume,
            Path initialiseFrom,
            String modelId,
            String modelVersion,
            String commandLine,
            int threads,
            boolean detectorOnly,
            float iouLossWeight) {
        this(
                data,
                out,
                checkpoints,
                config,
                epochs,
                batchSize,
                negativesPerPositive,
                learningRate,
                detectionWeight,
                patience,
                selection,
                seed,
                maxStudies,
                maxBatches,
                augmentation,
                batchNormBatches,
                resume,
                initialiseFrom,
                modelId,
                modelVersion,
                commandLine,
                threads,
                detectorOnly,
                iouLossWeight,
                ObjectnessTarget.PRESENCE,
                HardNegatives.NONE,
                0,
                SlabMode.MEAN);
    }

    /** The default checkpoint folder: {@code <out>.checkpoints} beside the model directory. */
    public static Path defaultCheckpoints(Path out) {
        Path absolute = out.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".checkpoints");
    }
}
