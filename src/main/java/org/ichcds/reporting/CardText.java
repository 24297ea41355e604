package org.ichcds.reporting;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ichcds.inference.HemorrhageLabel;

/** The words and Markdown of the cards (CDS Hooks 2.0 §card-attributes: detail is GitHub-Flavored Markdown). */
final class CardText {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private CardText() {}

    /** "AI triage: suspected intracranial hemorrhage (subdural, epidural) on head CT"; at most 135 characters. */
    static String positiveSummary(StudyFindings study) {
        List<LabelFinding> subtypes = study.positiveSubtypes();
        String which = subtypes.isEmpty() ? "" : " (" + TriageWording.shortNames(subtypes) + ")";
        return "AI triage: suspected intracranial hemorrhage" + which + " on head CT";
    }

    /** The table of every label with its probability, threshold, decision and key slices. */
    static String findingsTable(StudyFindings study) {
        var table = new StringBuilder("| Finding | Probability | Threshold | Flagged | Key slices |\n");
        table.append("|---|---|---|---|---|\n");
        for (LabelFinding f : study.findings()) {
            table.append("| ")
                    .append(f.hemorrhageLabel().display())
                    .append(" | ")
                    .append(percent(f.probability()))
                    .append(" | ")
                    .append(percent(f.threshold()))
                    .append(" | ")
                    .append(f.positive() ? "**yes**" : "no")
                    .append(" | ")
                    .append(slices(f.keySlices()))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** "subdural (88%, key slices 15, 16)" for each positive subtype, or the "any" finding when none is. */
    static String positiveFindings(StudyFindings study) {
        List<LabelFinding> shown = study.positiveSubtypes().isEmpty()
                ? List.of(study.finding(HemorrhageLabel.ANY))
                : study.positiveSubtypes();
        return shown.stream()
                .map(f -> f.hemorrhageLabel().display().toLowerCase(Locale.ROOT) + " (probability "
                        + percent(f.probability()) + ", key slices " + slices(f.keySlices()) + ")")
                .collect(Collectors.joining("; "));
    }

    static String modelLine(StudyFindings study) {
        ModelIdentity model = study.model();
        return "Model: " + escape(model.name()) + " " + escape(model.version()) + " (" + escape(model.id())
                + "), analysed " + when(study.analysedAt()) + ". Preliminary result, not signed by a radiologist.";
    }

    static String when(Instant instant) {
        return WHEN.format(instant);
    }

    /** A probability as a whole percentage; never "0%" or "100%" for a value that is not exactly that. */
    static String percent(double p) {
        double pct = p * 100.0;
        if (pct > 0 && pct < 1) {
            return "<1%";
        }
        if (pct > 99 && pct < 100) {
            return ">99%";
        }
        return String.format(Locale.ROOT, "%.0f%%", pct);
    }

    static String slices(List<Integer> slices) {
        return slices.isEmpty() ? "–" : slices.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Text from outside (drug names, reasons, model names) with Markdown and HTML characters escaped. */
    static String escape(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]|<>#~])", "\\\\$1").replaceAll("\\s+", " ");
    }

    /** {@code text} shortened with an ellipsis so that it has at most {@code limit} characters. */
    static String fit(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1).stripTrailing() + "…";
    }
}
