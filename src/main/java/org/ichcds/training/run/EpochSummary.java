package org.ichcds.training.run;

/**
 * What one epoch achieved.
 *
 * @param epoch epoch number, from 1
 * @param trainingLoss mean training loss
 * @param validationLoss mean validation loss (inference mode, every validation slice)
 * @param validationAucAny slice-level ROC AUC of {@code any} on the validation slices (NaN without both classes)
 * @param seconds wall time of the epoch, validation included
 */
public record EpochSummary(
        int epoch, double trainingLoss, double validationLoss, double validationAucAny, double seconds) {}
