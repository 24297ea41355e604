package org.ichcds.training.evaluation;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.StudyCalls;

/**
 * Which subtypes a card names on the hemorrhage studies it flags, against their truth: the studies that hold a
 * hemorrhage and are called for {@code any}, and on them the subtypes called as the server calls them ({@link
 * StudyCalls}). A card that names four subtypes on a study holding one is three wrong names, however good each
 * subtype's AUC.
 *
 * @param studies hemorrhage studies called for {@code any}
 * @param right subtypes called that the study holds
 * @param wrong subtypes called that the study does not hold
 * @param missed subtypes the study holds that were not called
 * @param exact studies whose called subtypes are exactly the ones they hold
 * @param withWrong studies with at least one wrong subtype called
 */
record SubtypeNaming(int studies, long right, long wrong, long missed, int exact, int withWrong) {

    /** Counts over the studies' calibrated probabilities at the thresholds. */
    static SubtypeNaming of(List<ScoredCase> cases, Map<HemorrhageLabel, Double> thresholds) {
        int studies = 0;
        long right = 0;
        long wrong = 0;
        long missed = 0;
        int exact = 0;
        int withWrong = 0;
        for (ScoredCase c : cases) {
            boolean[] calls = StudyCalls.of(c::probability, thresholds::get);
            if (!c.truth(HemorrhageLabel.ANY) || !calls[HemorrhageLabel.ANY.ordinal()]) {
                continue;
            }
            studies++;
            long studyWrong = 0;
            long studyMissed = 0;
            for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
                boolean called = calls[subtype.ordinal()];
                boolean truth = c.truth(subtype);
                right += called && truth ? 1 : 0;
                studyWrong += called && !truth ? 1 : 0;
                studyMissed += !called && truth ? 1 : 0;
            }
            wrong += studyWrong;
            missed += studyMissed;
            exact += studyWrong == 0 && studyMissed == 0 ? 1 : 0;
            withWrong += studyWrong > 0 ? 1 : 0;
        }
        return new SubtypeNaming(studies, right, wrong, missed, exact, withWrong);
    }

    /** Of the subtypes named, the share the studies hold. */
    OptionalDouble precision() {
        return Confusion.ratio(right, right + wrong);
    }

    /** Of the subtypes the studies hold, the share named. */
    OptionalDouble recall() {
        return Confusion.ratio(right, right + missed);
    }

    /** Share of the studies named exactly right. */
    OptionalDouble exactShare() {
        return Confusion.ratio(exact, studies);
    }

    /** Wrong subtypes named per study. */
    OptionalDouble wrongPerStudy() {
        return Confusion.ratio(wrong, studies);
    }
}
