package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.ichcds.ServerITBase;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.reporting.DiagnosticReportWriter;
import org.ichcds.reporting.LabelFinding;
import org.ichcds.reporting.ModelIdentity;
import org.ichcds.reporting.StudyFindings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The results of one analysis are stored once in /fhir, however often they are written: a retry after a crash, or a
 * second server finishing the same analysis, finds the first write's resources and creates none.
 */
class FhirResultStoreIT extends ServerITBase {

    private static final ModelIdentity MODEL =
            new ModelIdentity("ich-idempotency", "1.0.0", "ICH idempotency model", "2.25.98765432");

    @Autowired
    FhirResultStore store;

    private final DiagnosticReportWriter writer = new DiagnosticReportWriter();
    private IGenericClient fhir;
    private String patient;
    private String imagingStudy;

    @BeforeEach
    void patientAndStudy() {
        fhir = fhirClient();
        patient = fhir.create()
                .resource(new Patient().setActive(true))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        imagingStudy = fhir.create()
                .resource(new ImagingStudy()
                        .setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE)
                        .setSubject(new Reference(patient)))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
    }

    @Test
    void writingTheSameAnalysisTwiceStoresOneReportAndOneSetOfObservations() {
        StudyFindings findings = findings(UUID.randomUUID().toString());

        // each write builds its resources anew (fresh ids), as a retry of the analysis does
        String first = store.save(writer.asTransaction(writer.build(findings)));
        String second = store.save(writer.asTransaction(writer.build(findings)));

        assertThat(second).isEqualTo(first);
        assertStoredOnce(findings.analysisId(), first);
    }

    @Test
    void twoServersWritingTheSameAnalysisAtOnceStoreItOnce() throws Exception {
        StudyFindings findings = findings(UUID.randomUUID().toString());
        ExecutorService servers = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> writes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            writes.add(servers.submit(() -> {
                go.await();
                return store.save(writer.asTransaction(writer.build(findings)));
            }));
        }
        go.countDown();
        List<String> stored = new ArrayList<>();
        for (Future<String> write : writes) {
            try {
                stored.add(write.get(60, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException lostTheRace) {
                // the loser may be refused (its analysis attempt then fails and is retried); it must not duplicate
            }
        }
        servers.shutdown();
        assertThat(stored).isNotEmpty().allMatch(stored.get(0)::equals);
        // the retry of a refused writer finds the stored report
        assertThat(store.save(writer.asTransaction(writer.build(findings)))).isEqualTo(stored.get(0));
        assertStoredOnce(findings.analysisId(), stored.get(0));
    }

    private void assertStoredOnce(String analysisId, String report) {
        assertThat(count("DiagnosticReport?identifier=https://ichcds.org/fhir/sid/analysis-id|" + analysisId))
                .isEqualTo(1);
        assertThat(count("DiagnosticReport?subject=" + patient)).isEqualTo(1);
        assertThat(count("Observation?subject=" + patient)).isEqualTo(HemorrhageLabel.COUNT);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            assertThat(count("Observation?identifier=https://ichcds.org/fhir/sid/analysis-finding|" + analysisId + "/"
                            + label.code()))
                    .as(label.code())
                    .isEqualTo(1);
        }
        assertThat(count("Provenance?target=" + report)).isEqualTo(1);
        assertThat(count("Device?identifier=urn:dicom:uid|urn:oid:" + MODEL.deviceUid()))
                .isEqualTo(1);
    }

    private int count(String search) {
        return fhir.search()
                .byUrl(search)
                .count(100)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .size();
    }

    private StudyFindings findings(String analysisId) {
        List<LabelFinding> labels = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            boolean positive = label == HemorrhageLabel.ANY || label == HemorrhageLabel.SUBDURAL;
            labels.add(new LabelFinding(label.code(), positive ? 0.9 : 0.02, 0.5, positive, List.of(), List.of()));
        }
        return new StudyFindings(
                analysisId,
                "1.2.840.99.7",
                "1.2.840.99.7.1",
                patient,
                imagingStudy,
                MODEL,
                Instant.parse("2026-12-01T10:00:00Z"),
                labels);
    }
}
