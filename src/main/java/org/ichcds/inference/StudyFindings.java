package org.ichcds.inference;

import java.util.List;

/**
 * Study-level results, one finding per label in contract order.
 *
 * @param sliceCount number of slices aggregated
 * @param findings seven findings, indexed by {@link HemorrhageLabel#ordinal()}
 */
public record StudyFindings(int sliceCount, List<LabelFinding> findings) {

    public StudyFindings {
        findings = List.copyOf(findings);
        if (findings.size() != HemorrhageLabel.COUNT) {
            throw new IllegalArgumentException(
                    "study findings need " + HemorrhageLabel.COUNT + " labels, got " + findings.size());
        }
    }

    /** The finding for one label. */
    public LabelFinding finding(HemorrhageLabel label) {
        return findings.get(label.ordinal());
    }
}
