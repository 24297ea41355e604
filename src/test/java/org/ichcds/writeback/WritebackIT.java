package org.ichcds.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.ichcds.ItEnvironment;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.training.phantoms.PhantomUpload;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Results written back to a real PACS (Orthanc, the tests' archive): a flagged phantom study analysed through the
 * hook, its SR and presentation state stored by the outbox, read back over QIDO-RS and WADO-RS and compared with the
 * analysis (the referenced images, which the source PACS holds, and the box coordinates), and linked from the FHIR
 * DiagnosticReport; the same for a study the server received by C-STORE, once a hook binds it to its patient. The
 * archive stopped while an analysis ends gets its objects once it is back, exactly once.
 */
class WritebackIT extends ServerITBase {

    // nothing listens on port 9 (discard) of loopback: a hook answered from this Endpoint cannot have fetched
    private static final URI DEAD_PACS = URI.create("http://127.0.0.1:9/dicom-web/");

    @Autowired
    JdbcClient jdbc;

    private ItHooks hooks() {
        return new ItHooks(baseUrl(), fhirClient());
    }

    private static DicomWebClient archive() {
        return new DicomWebClient(environment().archive.endpoint(), DicomWebSettings.defaults());
    }

    @Test
    void theSrAndPresentationStateOfAFlaggedStudyAreStoredAndMatchTheAnalysis() throws Exception {
        ItHooks.Registered study = hooks().registerPositivePhantom(1501);
        assertThat(hooks().cardsWhenDone(study).get(0).get("indicator").asText())
                .isEqualTo("critical");
        String analysis = analysisOf(study);
        awaitDelivered(analysis);

        Map<String, List<AttributeList>> bySeriesModality =
                retrieveWritten(study.stored().studyUid());
        assertThat(bySeriesModality.get("SR")).hasSize(1);
        assertThat(bySeriesModality.get("PR")).hasSize(1);
        Set<String> sourceSops = new HashSet<>(study.stored().sopInstanceUids());
        Set<Box> expected = flaggedBoxes(analysis);
        assertThat(expected).isNotEmpty();

        Set<Box> inSr = srBoxes(bySeriesModality.get("SR").get(0));
        Set<Box> inPr = prBoxes(bySeriesModality.get("PR").get(0));

        assertThat(inSr).isEqualTo(expected);
        assertThat(inPr).isEqualTo(expected);
        assertThat(expected).allSatisfy(box -> assertThat(sourceSops).contains(box.sop()));
        assertThat(WritebackBuildersTest.referencedSops(
                        bySeriesModality.get("SR").get(0), TagFromName.CurrentRequestedProcedureEvidenceSequence))
                .containsExactlyInAnyOrderElementsOf(sourceSops);
        assertThat(WritebackBuildersTest.text(bySeriesModality.get("SR").get(0), TagFromName.PatientID))
                .isEqualTo(study.stored().study().patientId());

        DiagnosticReport report = fhirClient()
                .read()
                .resource(DiagnosticReport.class)
                .withUrl(awaitReport(analysis))
                .execute();
        String srUid = WritebackBuildersTest.text(bySeriesModality.get("SR").get(0), TagFromName.SOPInstanceUID);
        assertThat(report.getPresentedFormFirstRep().getUrl())
                .startsWith(environment().archive.dicomWebBase().toString())
                .endsWith("/instances/" + srUid);
        assertThat(report.getMedia()).hasSize(1);
    }

    @Test
    void anArchiveDownWhenTheAnalysisEndsGetsTheObjectsOnceItIsBack() throws Exception {
        environment().archive.stop();
        String analysis;
        ItHooks.Registered study;
        try {
            study = hooks().registerPositivePhantom(1502);
            hooks().cardsWhenDone(study);
            analysis = analysisOf(study);
            awaitOutbox(analysis, "attempts >= 1");
            assertThat(outbox(analysis, "status")).isEqualTo("PENDING");
            assertThat(outbox(analysis, "last_error")).isNotNull();
        } finally {
            environment().archive.start();
        }
        awaitDelivered(analysis);

        Map<String, List<AttributeList>> written =
                retrieveWritten(study.stored().studyUid());
        assertThat(written.get("SR")).hasSize(1);
        assertThat(written.get("PR")).hasSize(1);
        assertThat(Integer.parseInt(outbox(analysis, "attempts"))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aStudyReceivedByCStoreIsWrittenBackAndItsBoundReportLinksTheSr() throws Exception {
        Path scratch = Files.createTempDirectory(environment().dir, "received-writeback");
        PhantomUpload.Stored study = hooks().writePositivePhantom(1503, scratch);
        Process sent =
                environment().storescu(ItEnvironment.MODALITY_AE, PhantomUpload.folder(scratch, study.studyUid()));
        assertThat(sent.exitValue()).isZero();

        String received = awaitReceivedAnalysis(study.studyUid());
        awaitDelivered(received);
        Map<String, List<AttributeList>> written = retrieveWritten(study.studyUid());
        assertThat(written.get("SR")).hasSize(1);
        assertThat(written.get("PR")).hasSize(1);
        AttributeList sr = written.get("SR").get(0);
        assertThat(WritebackBuildersTest.referencedSops(sr, TagFromName.CurrentRequestedProcedureEvidenceSequence))
                .containsExactlyInAnyOrderElementsOf(study.sopInstanceUids());
        assertThat(WritebackBuildersTest.text(sr, TagFromName.PatientID))
                .isEqualTo(study.study().patientId());
        Set<Box> expected = flaggedBoxes(received);
        assertThat(expected).isNotEmpty();
        assertThat(srBoxes(sr)).isEqualTo(expected);
        assertThat(prBoxes(written.get("PR").get(0))).isEqualTo(expected);

        // bound to the hook's patient, the report written for it links the SR the received analysis wrote
        ItHooks.Registered bound = hooks().registerCopy(
                        new ItHooks.Registered(study, null), study.study().patientId(), DEAD_PACS);
        assertThat(hooks().cardsWhenDone(bound).get(0).get("indicator").asText())
                .isEqualTo("critical");
        String reportRef = awaitReport(analysisOf(bound));
        DiagnosticReport report = fhirClient()
                .read()
                .resource(DiagnosticReport.class)
                .withUrl(reportRef)
                .execute();
        assertThat(report.getPresentedFormFirstRep().getUrl())
                .endsWith("/instances/" + WritebackBuildersTest.text(sr, TagFromName.SOPInstanceUID));
    }

    private String awaitReceivedAnalysis(String studyUid) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            List<String> done = jdbc.sql("SELECT id FROM app.analysis_job WHERE study_uid = ?"
                            + " AND patient_ref = 'received:dicom' AND status = 'DONE'")
                    .param(studyUid)
                    .query(String.class)
                    .list();
            if (!done.isEmpty()) {
                return done.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the received study was not analysed within 90 s");
    }

    private String awaitReport(String analysis) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            String ref = reportRef(analysis);
            if (ref != null) {
                return ref;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no DiagnosticReport written within 30 s");
    }

    private String analysisOf(ItHooks.Registered study) {
        return jdbc.sql("SELECT id FROM app.analysis_job WHERE patient_ref = ?")
                .param("Patient/" + study.patientId())
                .query(String.class)
                .single();
    }

    /** The analysis's DiagnosticReport, or null while none is written. */
    private String reportRef(String analysis) {
        return jdbc.sql("SELECT report_ref FROM app.analysis_job WHERE id = ?")
                .param(analysis)
                .query(String.class)
                .list()
                .get(0);
    }

    private String outbox(String analysis, String column) {
        return jdbc.sql("SELECT CAST(" + column + " AS VARCHAR(1000)) FROM app.pacs_outbox WHERE analysis_id = ?")
                .param(analysis)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private void awaitDelivered(String analysis) throws InterruptedException {
        awaitOutbox(analysis, "status = 'DELIVERED'");
        assertThat(outbox(analysis, "status")).isEqualTo("DELIVERED");
    }

    private void awaitOutbox(String analysis, String condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        while (Instant.now().isBefore(deadline)) {
            int rows = jdbc.sql("SELECT COUNT(*) FROM app.pacs_outbox WHERE analysis_id = ? AND " + condition)
                    .param(analysis)
                    .query(Integer.class)
                    .single();
            if (rows == 1) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /** The written series of the study in the archive, by modality, each instance read back over WADO-RS. */
    private static Map<String, List<AttributeList>> retrieveWritten(String studyUid) throws Exception {
        Map<String, List<AttributeList>> byModality = new HashMap<>();
        for (DicomWebClient.SeriesInfo series : archive().searchSeries(studyUid)) {
            for (byte[] part : archive().retrieveSeries(studyUid, series.seriesUid())) {
                AttributeList list = new AttributeList();
                list.read(new DicomInputStream(new ByteArrayInputStream(part)));
                byModality
                        .computeIfAbsent(series.modality(), k -> new ArrayList<>())
                        .add(list);
            }
        }
        return byModality;
    }

    /** A box as the analysis, the SR and the PR each give it: its image and its corners. */
    record Box(String sop, List<Float> corners) {
        static Box of(String sop, float[] polyline) {
            List<Float> corners = new ArrayList<>();
            for (float value : polyline) {
                corners.add(value);
            }
            return new Box(sop, corners);
        }
    }

    private Set<Box> flaggedBoxes(String analysis) throws Exception {
        String json = jdbc.sql("SELECT result_json FROM app.analysis_job WHERE id = ?")
                .param(analysis)
                .query(String.class)
                .single();
        Set<Box> boxes = new HashSet<>();
        for (JsonNode finding : ItHooks.JSON.readTree(json).get("findings").get("findings")) {
            if (!finding.get("positive").asBoolean()) {
                continue;
            }
            for (JsonNode box : finding.get("boxes")) {
                float x = box.get("x").floatValue();
                float y = box.get("y").floatValue();
                float right = x + box.get("width").floatValue();
                float bottom = y + box.get("height").floatValue();
                boxes.add(Box.of(
                        box.get("sopInstanceUid").asText(),
                        new float[] {x, y, right, y, right, bottom, x, bottom, x, y}));
            }
        }
        return boxes;
    }

    private static Set<Box> srBoxes(AttributeList sr) throws Exception {
        ContentItem root = (ContentItem) new StructuredReport(sr).getRoot();
        ContentItem measurements = root.getNamedChild("DCM", "126010");
        Set<Box> boxes = new HashSet<>();
        for (int i = 0; i < measurements.getChildCount(); i++) {
            ContentItem group = (ContentItem) measurements.getChildAt(i);
            var region = (ContentItemFactory.SpatialCoordinatesContentItem) group.getNamedChild("DCM", "111030");
            if (region != null) {
                var image = (ContentItemFactory.ImageContentItem) region.getChildAt(0);
                boxes.add(Box.of(image.getReferencedSOPInstanceUID(), region.getGraphicData()));
            }
        }
        return boxes;
    }

    private static Set<Box> prBoxes(AttributeList pr) throws Exception {
        Set<Box> boxes = new HashSet<>();
        for (AttributeList annotation : WritebackBuildersTest.items(pr, TagFromName.GraphicAnnotationSequence)) {
            String sop = WritebackBuildersTest.text(
                    WritebackBuildersTest.items(annotation, TagFromName.ReferencedImageSequence)
                            .get(0),
                    TagFromName.ReferencedSOPInstanceUID);
            for (AttributeList graphic :
                    WritebackBuildersTest.items(annotation, PresentationTags.GRAPHIC_OBJECT_SEQUENCE)) {
                boxes.add(Box.of(sop, graphic.get(PresentationTags.GRAPHIC_DATA).getFloatValues()));
            }
        }
        return boxes;
    }
}
