package org.ichcds.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.reporting.BoxFinding;
import org.ichcds.reporting.LabelFinding;
import org.ichcds.reporting.ModelIdentity;
import org.ichcds.reporting.StudyFindings;

/** A source series as a PACS describes it (DICOM JSON) and findings on it. */
final class WritebackFixtures {

    static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
    static final String SERIES = STUDY + ".2";
    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final int SLICES = 12;
    static final ModelIdentity MODEL = new ModelIdentity("ich-phantom", "1.2.0", "ICH phantom model", "2.25.1234567");

    private static final ObjectMapper JSON = new ObjectMapper();

    private WritebackFixtures() {}

    static String sop(int slice) {
        return SERIES + "." + (slice + 1);
    }

    /** WADO-RS metadata of a 12-slice 512² CT series with patient and study attributes. */
    static List<JsonNode> metadata(String studyUid) {
        List<JsonNode> instances = new ArrayList<>();
        for (int i = 0; i < SLICES; i++) {
            ObjectNode d = JSON.createObjectNode();
            value(d, "00080016", "UI", CT_IMAGE);
            value(d, "00080018", "UI", sop(i));
            value(d, "0020000D", "UI", studyUid);
            value(d, "0020000E", "UI", SERIES);
            ObjectNode name = JSON.createObjectNode().put("Alphabetic", "Phantom^Ada");
            d.set(
                    "00100010",
                    JSON.createObjectNode()
                            .put("vr", "PN")
                            .set("Value", JSON.createArrayNode().add(name)));
            value(d, "00100020", "LO", "MRN-0042");
            value(d, "00100030", "DA", "19600101");
            value(d, "00100040", "CS", "F");
            value(d, "00080020", "DA", "20261127");
            value(d, "00080030", "TM", "101500");
            value(d, "00080050", "SH", "ACC42");
            value(d, "00200010", "SH", "42");
            value(d, "00180015", "CS", "HEAD");
            d.set(
                    "00281052",
                    JSON.createObjectNode()
                            .put("vr", "DS")
                            .set("Value", JSON.createArrayNode().add(-1024)));
            d.set(
                    "00281053",
                    JSON.createObjectNode()
                            .put("vr", "DS")
                            .set("Value", JSON.createArrayNode().add(1)));
            d.set(
                    "00280010",
                    JSON.createObjectNode()
                            .put("vr", "US")
                            .set("Value", JSON.createArrayNode().add(512)));
            d.set(
                    "00280011",
                    JSON.createObjectNode()
                            .put("vr", "US")
                            .set("Value", JSON.createArrayNode().add(512)));
            instances.add(d);
        }
        return instances;
    }

    private static void value(ObjectNode d, String tag, String vr, String value) {
        ArrayNode values = JSON.createArrayNode().add(value);
        d.set(tag, JSON.createObjectNode().put("vr", vr).set("Value", values));
    }

    /**
     * Positive for any and subdural (two boxes on slices 4 and 5) and subarachnoid (one box on slice 5, near its right edge); epidural is not
     * flagged but has a box below its operating point.
     */
    static StudyFindings findings(String analysisId) {
        List<LabelFinding> findings = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            List<BoxFinding> boxes = switch (label) {
                case SUBDURAL ->
                    List.of(
                            new BoxFinding(sop(4), 4, 200, 88, 57, 140, 0.81),
                            new BoxFinding(sop(5), 5, 201, 90, 55, 133, 0.77));
                case SUBARACHNOID -> List.of(new BoxFinding(sop(5), 5, 480, 260, 20, 31, 0.66));
                case EPIDURAL -> List.of(new BoxFinding(sop(7), 7, 10, 10, 5, 5, 0.3));
                default -> List.of();
            };
            boolean positive = label == HemorrhageLabel.ANY
                    || label == HemorrhageLabel.SUBDURAL
                    || label == HemorrhageLabel.SUBARACHNOID;
            findings.add(new LabelFinding(label.code(), positive ? 0.91 : 0.12, 0.5, positive, List.of(), boxes));
        }
        return new StudyFindings(
                analysisId,
                STUDY,
                SERIES,
                "Patient/p1",
                "ImagingStudy/s1",
                MODEL,
                Instant.parse("2026-11-27T10:15:30Z"),
                findings);
    }

    static StudyFindings negative(String analysisId) {
        List<LabelFinding> findings = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            findings.add(new LabelFinding(label.code(), 0.03, 0.5, false, List.of(), List.of()));
        }
        return new StudyFindings(
                analysisId,
                STUDY,
                SERIES,
                "Patient/p1",
                "ImagingStudy/s1",
                MODEL,
                Instant.parse("2026-11-27T10:15:30Z"),
                findings);
    }
}
