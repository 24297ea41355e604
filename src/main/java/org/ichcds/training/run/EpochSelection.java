package org.ichcds.training.run;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which epoch of a run is kept, and what early stopping waits on.
 *
 * <p>{@link #AUC} keeps the epoch with the highest slice ROC AUC of {@code any} on the validation slices: the
 * figure the classifier, the study aggregation and the thresholds live on. {@link #LOSS} keeps the one with the lowest
 * validation loss, in which the detector's loss counts as much as its weight says. Ties go to the earlier epoch.
 * Where no epoch has a finite AUC (validation slices of one class only), {@link #AUC} falls back to the loss.
 */
public enum EpochSelection {
    AUC,
    LOSS;

    /** The option value: {@code auc} or {@code loss}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EpochSelection parse(String value) {
        for (EpochSelection s : values()) {
            if (s.id().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown epoch selection '" + value + "': use auc or loss");
    }

    /** The best of these epochs, or empty when none has a finite validation loss. */
    Optional<EpochSummary> best(List<EpochSummary> epochs) {
        List<EpochSummary> finite =
                epochs.stream().filter(e -> Double.isFinite(e.validationLoss())).toList();
        Comparator<EpochSummary> byLoss =
                Comparator.comparingDouble(EpochSummary::validationLoss).thenComparingInt(EpochSummary::epoch);
        if (this == AUC && finite.stream().anyMatch(e -> Double.isFinite(e.validationAucAny()))) {
            return finite.stream()
                    .filter(e -> Double.isFinite(e.validationAucAny()))
                    .min(Comparator.comparingDouble((EpochSummary e) -> -e.validationAucAny())
                            .thenComparingInt(EpochSummary::epoch));
        }
        return finite.stream().min(byLoss);
    }
}
