package org.ichcds.reporting;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The wording every AI output carries. It follows the cleared computer-aided triage tools (FDA product code QAS): the
 * output is a notification that prioritises review, not a diagnosis, and a negative result rules nothing out.
 */
public final class TriageWording {

    /** Said by every result: a notification to prioritise review, not a diagnosis. */
    public static final String NOT_A_DIAGNOSIS =
            "This is an AI triage notification to prioritise review of the images, not a"
                    + " diagnosis. The images must be read by a qualified clinician.";

    static final String NEGATIVE_RULES_NOTHING_OUT =
            "A negative result does not exclude hemorrhage; read the study in the usual order.";
    /** The same, in one short sentence (report notes, DICOM descriptions). */
    public static final String NOTE = "AI-generated triage notification, not a diagnosis.";

    private TriageWording() {}

    /** "subdural, subarachnoid" — the summary names of the given findings, in label order. */
    static String shortNames(List<LabelFinding> findings) {
        return findings.stream().map(f -> f.hemorrhageLabel().shortName()).collect(Collectors.joining(", "));
    }

    /** The report conclusion: what was flagged, and the triage wording. */
    static String conclusion(StudyFindings study) {
        if (!study.anyPositive()) {
            return "AI triage: no intracranial hemorrhage flagged. " + NEGATIVE_RULES_NOTHING_OUT + " " + NOTE;
        }
        List<LabelFinding> subtypes = study.positiveSubtypes();
        String which = subtypes.isEmpty() ? "subtype not determined" : shortNames(subtypes);
        return "AI triage: suspected intracranial hemorrhage (" + which + "). " + NOT_A_DIAGNOSIS;
    }
}
