package org.ichcds.reporting;

import java.util.List;
import org.ichcds.inference.HemorrhageLabel;

/**
 * The study-level result for one label.
 *
 * @param label the label code ({@link HemorrhageLabel#code()})
 * @param probability the study-level probability, in [0, 1]
 * @param threshold the label's operating threshold from the model manifest, in [0, 1]
 * @param positive the decision at the operating threshold; reports and cards use it as given
 * @param keySlices the slice numbers that best show the finding (may be empty)
 * @param boxes the detected boxes of a flagged label (may be empty); a label not flagged has none, so that no report,
 *     Observation or listing shows where a finding lies that it calls absent
 */
public record LabelFinding(
        String label,
        double probability,
        double threshold,
        boolean positive,
        List<Integer> keySlices,
        List<BoxFinding> boxes) {

    public LabelFinding {
        HemorrhageLabel.fromCode(label);
        Require.probability(label + " probability", probability);
        Require.probability(label + " threshold", threshold);
        keySlices = keySlices == null ? List.of() : List.copyOf(keySlices);
        // results stored by earlier versions listed boxes for every label: they still read, without those boxes
        boxes = boxes == null || !positive ? List.of() : List.copyOf(boxes);
    }

    /** The label as an enum constant. */
    HemorrhageLabel hemorrhageLabel() {
        return HemorrhageLabel.fromCode(label);
    }
}
