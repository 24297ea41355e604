package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad findings from the analysis are refused at the boundary with a message naming the bad value. */
class FindingsInputTest {

    @Test
    void refusesFindingsOutOfLabelOrderOrIncomplete() {
        List<LabelFinding> findings = new ArrayList<>(Studies.negative().findings());
        var swapped = new ArrayList<>(findings);
        swapped.set(1, findings.get(2));
        swapped.set(2, findings.get(1));
        assertThatThrownBy(() -> withFindings(swapped)).hasMessageContaining("[any, intraparenchymal, epidural");
        assertThatThrownBy(() -> withFindings(findings.subList(0, 6)))
                .hasMessageContaining("one per label in the order");
        assertThatThrownBy(() -> withFindings(null)).hasMessageContaining("findings");
    }

    @Test
    void refusesUnknownLabelsAndProbabilitiesOutsideZeroToOne() {
        assertThatThrownBy(() -> new LabelFinding("subdura", 0.5, 0.5, true, List.of(), List.of()))
                .hasMessageContaining("subdura");
        assertThatThrownBy(() -> new LabelFinding("subdural", 1.5, 0.5, true, List.of(), List.of()))
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> new LabelFinding("subdural", Double.NaN, 0.5, true, List.of(), List.of()))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new LabelFinding("subdural", 0.5, -0.1, true, List.of(), List.of()))
                .hasMessageContaining("-0.1");
    }

    @Test
    void aLabelThatIsNotFlaggedKeepsNoBoxes() {
        var box = new BoxFinding("1.2.3", 4, 10, 10, 5, 5, 0.4);
        assertThat(new LabelFinding("epidural", 0.3, 0.5, false, List.of(4), List.of(box)).boxes())
                .isEmpty();
        assertThat(new LabelFinding("epidural", 0.7, 0.5, true, List.of(4), List.of(box)).boxes())
                .containsExactly(box);
    }

    @Test
    void aStoredResultThatListedBoxesForAnAbsentLabelStillReads() throws Exception {
        // how results were stored before: boxes for every label the detector scored, flagged or not
        String stored = "{\"label\":\"epidural\",\"probability\":0.3,\"threshold\":0.5,\"positive\":false,"
                + "\"keySlices\":[4],\"boxes\":[{\"sopInstanceUid\":\"1.2.3\",\"sliceIndex\":4,\"x\":10,\"y\":10,"
                + "\"width\":5,\"height\":5,\"score\":0.4}]}";
        LabelFinding read = new com.fasterxml.jackson.databind.ObjectMapper().readValue(stored, LabelFinding.class);
        assertThat(read.positive()).isFalse();
        assertThat(read.keySlices()).containsExactly(4);
        assertThat(read.boxes()).isEmpty();
    }

    @Test
    void refusesBadUidsReferencesAndBoxes() {
        assertThatThrownBy(() -> new ModelIdentity("m", "1", "M", "2.25.01")).hasMessageContaining("2.25.01");
        assertThatThrownBy(() -> new ModelIdentity("m", "1", "M", "1.2." + "3".repeat(70)))
                .hasMessageContaining("DICOM UID");
        assertThatThrownBy(() -> new BoxFinding("1.2.3", 4, 10, 10, 0, 5, 0.5)).hasMessageContaining("width");
        assertThatThrownBy(() -> new BoxFinding("1.2.3", -1, 10, 10, 5, 5, 0.5)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new BoxFinding("x", 1, 10, 10, 5, 5, 0.5)).hasMessageContaining("x");
        var ok = Studies.negative();
        assertThatThrownBy(() -> new StudyFindings(
                        "a",
                        ok.studyUid(),
                        ok.seriesUid(),
                        "Practitioner/1",
                        ok.imagingStudyReference(),
                        ok.model(),
                        ok.analysedAt(),
                        ok.findings()))
                .hasMessageContaining("Practitioner/1");
        assertThatThrownBy(() -> new StudyFindings(
                        "a",
                        ok.studyUid(),
                        ok.seriesUid(),
                        ok.patientReference(),
                        "ImagingStudy/../x",
                        ok.model(),
                        ok.analysedAt(),
                        ok.findings()))
                .hasMessageContaining("ImagingStudy/../x");
    }

    private static StudyFindings withFindings(List<LabelFinding> findings) {
        return new StudyFindings(
                "a-1",
                "1.2.3",
                "1.2.3.4",
                "Patient/p",
                "ImagingStudy/s",
                Studies.MODEL,
                Instant.parse("2026-01-01T00:00:00Z"),
                findings);
    }
}
