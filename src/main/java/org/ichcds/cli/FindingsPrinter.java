package org.ichcds.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.reporting.BoxFinding;
import org.ichcds.reporting.LabelFinding;
import org.ichcds.reporting.StudyFindings;

/** The findings of {@code ichcds analyze}, per label: probability, threshold, flag, key slices and boxes. */
final class FindingsPrinter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindingsPrinter() {}

    static String text(StudyFindings study) {
        StringBuilder out = new StringBuilder();
        out.append("model:     ")
                .append(study.model().id())
                .append(' ')
                .append(study.model().version())
                .append(" (AI triage, not a diagnosis)\n");
        out.append(String.format(
                Locale.ROOT,
                "%-18s %11s %9s  %-7s %-14s %s%n",
                "finding",
                "probability",
                "threshold",
                "flag",
                "key slices",
                "boxes (slice: x,y w x h, score)"));
        for (LabelFinding f : study.findings()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-18s %10.1f%% %8.1f%%  %-7s %-14s %s%n",
                    f.label(),
                    100 * f.probability(),
                    100 * f.threshold(),
                    f.positive() ? "FLAGGED" : "-",
                    f.keySlices().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    f.boxes().stream().limit(3).map(FindingsPrinter::box).collect(Collectors.joining("; "))));
        }
        return out.toString().stripTrailing();
    }

    /** The volume summary's JSON with {@code model} and {@code findings} added. */
    static String json(String summaryJson, StudyFindings study) throws java.io.IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(summaryJson);
        root.putObject("model")
                .put("id", study.model().id())
                .put("version", study.model().version());
        ArrayNode findings = root.putArray("findings");
        for (LabelFinding f : study.findings()) {
            ObjectNode node = findings.addObject();
            node.put("label", f.label());
            node.put("display", HemorrhageLabel.fromCode(f.label()).display());
            node.put("probability", f.probability());
            node.put("threshold", f.threshold());
            node.put("flagged", f.positive());
            f.keySlices().forEach(node.putArray("keySlices")::add);
            ArrayNode boxes = node.putArray("boxes");
            for (BoxFinding b : f.boxes()) {
                boxes.addObject()
                        .put("sopInstanceUid", b.sopInstanceUid())
                        .put("slice", b.sliceIndex())
                        .put("x", b.x())
                        .put("y", b.y())
                        .put("width", b.width())
                        .put("height", b.height())
                        .put("score", b.score());
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static String box(BoxFinding b) {
        return String.format(
                Locale.ROOT, "%d: %d,%d %dx%d %.2f", b.sliceIndex(), b.x(), b.y(), b.width(), b.height(), b.score());
    }
}
