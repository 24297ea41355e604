package org.ichcds.reporting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ichcds.inference.HemorrhageLabel;

/** Test findings: a study positive for some labels, or negative for all. */
final class Studies {

    static final ModelIdentity MODEL = new ModelIdentity("ich-phantom", "1.2.0", "ICH phantom model", "2.25.1234567");
    static final String VIEWER = "https://ichcds.example.org/viewer/analyses/a-42";

    private Studies() {}

    /** Positive for {@code any} and the given subtypes, with boxes on the positive subtypes. */
    static StudyFindings positive(HemorrhageLabel... subtypes) {
        Set<HemorrhageLabel> flagged = Set.of(subtypes);
        List<LabelFinding> findings = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            boolean positive = label == HemorrhageLabel.ANY || flagged.contains(label);
            int slice = 10 + label.ordinal();
            List<BoxFinding> boxes = positive && label != HemorrhageLabel.ANY
                    ? List.of(new BoxFinding("1.2.3.4." + slice, slice, 200, 88, 57, 140, 0.81))
                    : List.of();
            findings.add(new LabelFinding(
                    label.code(),
                    positive ? 0.9 - label.ordinal() * 0.01 : 0.02,
                    0.5,
                    positive,
                    positive ? List.of(slice, slice + 1) : List.of(),
                    boxes));
        }
        return study(findings);
    }

    static StudyFindings negative() {
        List<LabelFinding> findings = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            findings.add(new LabelFinding(label.code(), 0.03, 0.5, false, List.of(), List.of()));
        }
        return study(findings);
    }

    private static StudyFindings study(List<LabelFinding> findings) {
        return new StudyFindings(
                "a-42",
                "1.2.840.99.1",
                "1.2.840.99.1.2",
                "Patient/p1",
                "ImagingStudy/s1",
                MODEL,
                Instant.parse("2026-11-27T10:15:30Z"),
                findings);
    }
}
