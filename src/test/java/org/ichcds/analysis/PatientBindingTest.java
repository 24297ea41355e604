package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ichcds.analysis.PatientBinding.DicomPatient;
import org.ichcds.analysis.PatientBinding.Identifier;
import org.junit.jupiter.api.Test;

class PatientBindingTest {

    private final PatientBinding binding = new PatientBinding(Map.of("HOSP", "http://hospital.example.org/mrn"));

    private static final List<Identifier> MRN = List.of(new Identifier("http://hospital.example.org/mrn", "MRN-1"));

    @Test
    @SuppressWarnings("static-access")
    void theStudyMustNameTheHooksPatient() {
        assertThat(binding.subjectMismatch("p1", "Patient/p1")).isEmpty();
        assertThat(binding.subjectMismatch("p1", "https://ehr.example.org/fhir/Patient/p1/_history/3"))
                .isEmpty();
        assertThat(binding.subjectMismatch("p1", "Patient/p2"))
                .contains("the ImagingStudy's subject is another patient");
        assertThat(binding.subjectMismatch("p1", null)).contains("the ImagingStudy names no subject");
        assertThat(binding.subjectMismatch("p1", "Group/p1")).contains("the ImagingStudy's subject is not a Patient");
        assertThat(binding.subjectMismatch("p1", "Patient/p1x")).isPresent();
        assertThat(binding.subjectMismatch("", "Patient/p1")).isPresent();
    }

    @Test
    void theImagesMustCarryOneOfThePatientsIdentifiers() {
        assertThat(binding.dicomMismatch(MRN, new DicomPatient("MRN-1 ", null))).isEmpty();
        assertThat(binding.dicomMismatch(MRN, new DicomPatient("MRN-2", null)))
                .contains("the images' PatientID is none of the Patient's identifiers");
        assertThat(binding.dicomMismatch(MRN, new DicomPatient("", null))).isPresent();
        assertThat(binding.dicomMismatch(MRN, new DicomPatient(null, null))).isPresent();
        assertThat(binding.dicomMismatch(MRN, new DicomPatient("mrn-1", null)))
                .as("identifiers compare exactly")
                .isPresent();
    }

    @Test
    void anIssuerMustNameTheIdentifiersSystem() {
        assertThat(binding.dicomMismatch(MRN, new DicomPatient("MRN-1", "HOSP")))
                .isEmpty();
        assertThat(binding.dicomMismatch(MRN, new DicomPatient("MRN-1", "http://hospital.example.org/mrn")))
                .isEmpty();
        assertThat(binding.dicomMismatch(MRN, new DicomPatient("MRN-1", "OTHER")))
                .contains("the images' IssuerOfPatientID names none of the matching identifiers' systems");
        List<Identifier> oid = List.of(new Identifier("urn:oid:1.2.3.4", "X9"));
        assertThat(binding.dicomMismatch(oid, new DicomPatient("X9", "1.2.3.4")))
                .isEmpty();
    }

    @Test
    void aPatientWithoutIdentifiersLeavesOnlyTheSubjectCheck() {
        assertThat(binding.dicomMismatch(List.of(), new DicomPatient("anything", "ANY")))
                .isEmpty();
        assertThat(binding.dicomMismatch(List.of(new Identifier("s", " ")), new DicomPatient("x", null)))
                .isEmpty();
    }

    @Test
    void aReceivedStudyIsOnlyForAPatientWithAMatchingIdentifier() {
        var images = new PatientBinding.DicomPatient("MRN1", "HOSP");
        var matching = new PatientBinding.Identifier("http://hospital.example.org/mrn", "MRN1");

        assertThat(binding.receivedMismatch(List.of(matching), images)).isEmpty();
        // without identifiers a fetched study is bound by its ImagingStudy alone; a received one gets nothing
        assertThat(binding.dicomMismatch(List.of(), images)).isEmpty();
        assertThat(binding.receivedMismatch(List.of(), images))
                .contains("the Patient has no identifier to match the received images' PatientID against");
        assertThat(binding.receivedMismatch(List.of(new PatientBinding.Identifier("x", " ")), images))
                .isPresent();
        assertThat(binding.receivedMismatch(
                        List.of(new PatientBinding.Identifier("http://hospital.example.org/mrn", "MRN2")), images))
                .isPresent();
        assertThat(binding.receivedMismatch(
                        List.of(new PatientBinding.Identifier("http://other.example.org/mrn", "MRN1")), images))
                .isPresent();
    }
}
