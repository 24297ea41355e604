package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

/** Every resource the writer produces conforms to the profiles in fhir-profiles/ (HAPI's instance validator). */
class ProfileValidationTest {

    private static final ProfileValidator VALIDATOR = ProfileValidator.fromClasspath();
    private final DiagnosticReportWriter writer = new DiagnosticReportWriter();

    @Test
    void positiveStudyResourcesConform() {
        var resources = writer.build(Studies.positive(HemorrhageLabel.SUBDURAL, HemorrhageLabel.EPIDURAL));
        assertThat(errors(resources.all())).isEmpty();
    }

    @Test
    void negativeStudyResourcesConform() {
        assertThat(errors(writer.build(Studies.negative()).all())).isEmpty();
    }

    @Test
    void transactionBundleConforms() {
        var resources = writer.build(Studies.positive(HemorrhageLabel.SUBARACHNOID));
        assertThat(errors(List.of(writer.asTransaction(resources)))).isEmpty();
    }

    @Test
    void aReportLinkingTheObjectsWrittenBackToThePacsConforms() {
        String wado = "https://pacs.example.org/dicom-web/studies/1.2.840.99.1/series/2.25.7/instances/";
        var resources = writer.build(
                Studies.positive(HemorrhageLabel.SUBDURAL),
                List.of(
                        new PacsObject(PacsObject.Kind.STRUCTURED_REPORT, "2.25.8", wado + "2.25.8"),
                        new PacsObject(PacsObject.Kind.PRESENTATION_STATE, "2.25.9", wado + "2.25.9")));
        var report = resources.report();

        assertThat(report.getPresentedForm()).singleElement().satisfies(form -> {
            assertThat(form.getContentType()).isEqualTo("application/dicom");
            assertThat(form.getUrl()).isEqualTo(wado + "2.25.8");
        });
        assertThat(report.getMedia())
                .singleElement()
                .satisfies(media -> assertThat(media.getLink().getReference()).isEqualTo("#gsps"));
        var contained = (org.hl7.fhir.r4.model.Media) report.getContained().get(0);
        assertThat(contained.getContent().getUrl()).isEqualTo(wado + "2.25.9");
        assertThat(errors(resources.all())).isEmpty();
        assertThat(errors(List.of(writer.asTransaction(resources)))).isEmpty();
    }

    @Test
    void reportSuggestedToTheEhrConforms() throws Exception {
        var study = Studies.positive(HemorrhageLabel.INTRAVENTRICULAR);
        var card = new CardFactory()
                .studyCards(study, Studies.VIEWER, writer.build(study))
                .get(0);
        String json = card.suggestions().get(0).actions().get(0).resource().toString();
        assertThat(VALIDATOR.errors(json)).isEmpty();
    }

    @Test
    void profilesRejectWhatTheyForbid() {
        var resources = writer.build(Studies.positive(HemorrhageLabel.SUBDURAL));
        var report = resources.report().copy();
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.getMeta().getSecurity().clear();
        assertThat(VALIDATOR.errors(report))
                .anyMatch(e -> e.contains("DiagnosticReport.status"))
                .anyMatch(e -> e.contains("aiAsserted"));

        Observation observation =
                resources.observation(HemorrhageLabel.SUBDURAL).copy();
        observation.setDevice(null);
        observation.getDerivedFrom().clear();
        observation.setValue(Terminology.snomed(Snomed.HEAD_STRUCTURE));
        assertThat(VALIDATOR.errors(observation))
                .anyMatch(e -> e.contains("Observation.device"))
                .anyMatch(e -> e.contains("Observation.derivedFrom"))
                .anyMatch(e -> e.contains("69536005"));

        // a box drawn on a finding reported absent (invariant ich-finding-1)
        Observation absentWithBox =
                resources.observation(HemorrhageLabel.EPIDURAL).copy();
        assertThat(absentWithBox.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo(Snomed.ABSENT.code());
        resources.observation(HemorrhageLabel.SUBDURAL).getComponent().stream()
                .skip(2)
                .forEach(c -> absentWithBox.addComponent(c.copy()));
        assertThat(absentWithBox.getComponent()).hasSizeGreaterThan(2);
        assertThat(VALIDATOR.errors(absentWithBox)).anyMatch(e -> e.contains("ich-finding-1"));

        Device device = resources.device().copy();
        device.getIdentifier().clear();
        assertThat(VALIDATOR.errors(device)).anyMatch(e -> e.contains("Device.identifier"));
    }

    @Test
    void errorsOfJsonText() {
        assertThat(VALIDATOR.errors("{\"resourceType\":\"Observation\",\"status\":\"preliminary\"}"))
                .anyMatch(e -> e.contains("Observation.code"));
    }

    private static List<String> errors(List<? extends Resource> resources) {
        List<String> errors = new ArrayList<>();
        for (Resource resource : resources) {
            // warnings are printed for the record; only errors fail
            VALIDATOR.messages(resource).forEach(m -> System.out.println(resource.fhirType() + " " + m));
            VALIDATOR.errors(resource).forEach(e -> errors.add(resource.fhirType() + " " + e));
        }
        return errors;
    }
}
