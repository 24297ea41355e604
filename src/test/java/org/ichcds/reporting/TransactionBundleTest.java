package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

/** The transaction Bundle stores one analysis: its internal references resolve inside it (FHIR R4 §3.1.0.11.2). */
class TransactionBundleTest {

    private final DiagnosticReportWriter writer = new DiagnosticReportWriter();

    @Test
    void everyUrnReferenceResolvesToAnEntry() {
        Bundle bundle = writer.asTransaction(writer.build(Studies.positive(HemorrhageLabel.SUBDURAL)));
        Set<String> fullUrls =
                bundle.getEntry().stream().map(BundleEntryComponent::getFullUrl).collect(Collectors.toSet());
        assertThat(fullUrls).hasSize(10).allMatch(u -> u.startsWith("urn:uuid:"));

        var terser = FhirContext.forR4Cached().newTerser();
        List<String> references = bundle.getEntry().stream()
                .flatMap(e -> terser.getAllPopulatedChildElementsOfType(e.getResource(), Reference.class).stream())
                .map(Reference::getReference)
                .toList();
        // report: 7 results; Observations: device 7x, hasMember 6x; Provenance: 8 targets + device
        assertThat(references.stream().filter(r -> r.startsWith("urn:uuid:")))
                .hasSize(7 + 7 + 6 + 8 + 1)
                .allMatch(fullUrls::contains);
        // everything else points at the EHR's own Patient and ImagingStudy
        assertThat(references.stream().filter(r -> !r.startsWith("urn:uuid:")).distinct())
                .containsExactlyInAnyOrder("Patient/p1", "ImagingStudy/s1");
    }

    @Test
    void deviceIsCreatedOncePerModelVersionAndTheRestPosted() {
        Bundle bundle = writer.asTransaction(writer.build(Studies.negative()));
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        BundleEntryComponent device = bundle.getEntryFirstRep();
        assertThat(device.getResource().fhirType()).isEqualTo("Device");
        assertThat(device.getRequest().getIfNoneExist()).isEqualTo("identifier=urn:dicom:uid|urn:oid:2.25.1234567");
        assertThat(bundle.getEntry())
                .allSatisfy(e -> {
                    assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
                    assertThat(e.getRequest().getUrl())
                            .isEqualTo(e.getResource().fhirType());
                })
                .extracting(e -> e.getResource().fhirType())
                .containsExactly(
                        "Device",
                        "Observation",
                        "Observation",
                        "Observation",
                        "Observation",
                        "Observation",
                        "Observation",
                        "Observation",
                        "DiagnosticReport",
                        "Provenance");
    }

    @Test
    void everyEntryIsCreatedOnlyIfTheAnalysisHasNotStoredItYet() {
        var resources = writer.build(Studies.negative());
        Bundle bundle = writer.asTransaction(resources);
        String report = "urn:uuid:" + resources.report().getIdElement().getIdPart();
        assertThat(bundle.getEntry())
                .extracting(e -> e.getRequest().getIfNoneExist())
                .containsExactly(
                        "identifier=urn:dicom:uid|urn:oid:2.25.1234567",
                        "identifier=https://ichcds.org/fhir/sid/analysis-finding|a-42/any",
                        "identifier=https://ichcds.org/fhir/sid/analysis-finding|a-42/epidural",
                        "identifier=https://ichcds.org/fhir/sid/analysis-finding|a-42/intraparenchymal",
                        "identifier=https://ichcds.org/fhir/sid/analysis-finding|a-42/intraventricular",
                        "identifier=https://ichcds.org/fhir/sid/analysis-finding|a-42/subarachnoid",
                        "identifier=https://ichcds.org/fhir/sid/analysis-finding|a-42/subdural",
                        "identifier=https://ichcds.org/fhir/sid/analysis-finding|a-42/chronic",
                        "identifier=https://ichcds.org/fhir/sid/analysis-id|a-42",
                        "target=" + report);
    }

    @Test
    void observationsFollowLabelOrderAndCarryTheBoxes() {
        var resources = writer.build(Studies.positive(HemorrhageLabel.SUBDURAL));
        assertThat(resources.observations())
                .extracting(o -> o.getCode().getCodingFirstRep().getCode())
                .containsExactly(
                        "any",
                        "epidural",
                        "intraparenchymal",
                        "intraventricular",
                        "subarachnoid",
                        "subdural",
                        "chronic");
        Observation subdural = resources.observation(HemorrhageLabel.SUBDURAL);
        assertThat(subdural.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("52101004");
        assertThat(subdural.getCode().getCoding()).extracting(c -> c.getCode()).containsExactly("subdural", "35486000");
        assertThat(subdural.getComponent())
                .extracting(c -> c.getCode().getCodingFirstRep().getCode() + "=" + value(c.getValue()))
                .containsExactly(
                        "probability=0.8500 1",
                        "operating-threshold=0.5000 1",
                        "box-sop-instance=1.2.3.4.15",
                        "box-slice-index=15",
                        "box-x=200",
                        "box-y=88",
                        "box-width=57",
                        "box-height=140",
                        "box-score=0.8100 1");
        Observation epidural = resources.observation(HemorrhageLabel.EPIDURAL);
        assertThat(epidural.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("2667000");
        assertThat(epidural.getCode().getCoding()).hasSize(1);
        assertThat(resources.report().getConclusionCode())
                .extracting(c -> c.getCodingFirstRep().getCode())
                .containsExactly("any", "subdural");
        assertThat(resources.report().getConclusion()).contains("subdural").contains("not a diagnosis");
    }

    private static String value(Type value) {
        return value instanceof Quantity q ? q.getValue().toPlainString() + " " + q.getCode() : value.primitiveValue();
    }
}
