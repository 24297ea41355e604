package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/** One create/read/search round trip through a FHIR server, shared by the H2 and PostgreSQL tests. */
final class FhirStoreScenario {

    private final IGenericClient client;

    FhirStoreScenario(IGenericClient client) {
        this.client = client;
    }

    void assertRoundTrip() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:ichcds:test").setValue("it-" + System.nanoTime());
        IdType patientId = create(patient);

        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.PRELIMINARY);
        observation.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "1386000", null)));
        observation.setSubject(new Reference(patientId));
        IdType observationId = create(observation);

        DiagnosticReport report = new DiagnosticReport();
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        report.setCode(new CodeableConcept(new Coding("http://loinc.org", "30799-1", "CT Head WO contrast")));
        report.setSubject(new Reference(patientId));
        report.addResult(new Reference(observationId));
        IdType reportId = create(report);

        DiagnosticReport read =
                client.read().resource(DiagnosticReport.class).withId(reportId).execute();
        assertThat(read.getSubject().getReference()).isEqualTo(patientId.getValue());
        assertThat(read.getCode().getCodingFirstRep().getCode()).isEqualTo("30799-1");

        Bundle found = client.search()
                .byUrl("DiagnosticReport?patient=" + patientId.getIdPart() + "&_include=DiagnosticReport:result")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry())
                .extracting(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactlyInAnyOrder(reportId.getValue(), observationId.getValue());
        assertThat(found.getEntry())
                .filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .hasSize(1);

        Bundle other = client.search()
                .byUrl("DiagnosticReport?patient=Patient/does-not-exist")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(other.getEntry()).isEmpty();
    }

    private IdType create(org.hl7.fhir.r4.model.Resource resource) {
        MethodOutcome outcome = client.create().resource(resource).execute();
        assertThat(outcome.getCreated()).isTrue();
        return (IdType) outcome.getId().toUnqualifiedVersionless();
    }
}
