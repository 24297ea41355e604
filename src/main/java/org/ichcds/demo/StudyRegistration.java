package org.ichcds.demo;

import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.ichcds.identifiers.Identifiers;

/**
 * Registers what an EHR would hold for a CT study stored in a PACS: the {@code Patient}, the PACS's WADO-RS
 * {@code Endpoint} and the {@code ImagingStudy} (FHIR R4 ImagingStudy example: identifier {@code urn:dicom:uid},
 * series modality from DCM, instance sopClass as {@code urn:oid:}). Used by the demo and the integration tests.
 */
public final class StudyRegistration {

    /** DICOM PS3.4 B.5: CT Image Storage. */
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

    private final FhirRest fhir;

    private final Map<String, IdType> endpoints = new ConcurrentHashMap<>();

    public StudyRegistration(FhirRest fhir) {
        this.fhir = fhir;
    }

    /** The ids of what was registered, as relative references ({@code Patient/1}, ...). */
    public record Registered(String patient, String endpoint, String imagingStudy) {}

    /** One CT series of a study. */
    public record Series(String uid, String description, List<String> sopInstanceUids) {}

    public Registered register(
            String patientMrn, String patientName, URI dicomWebBase, String studyUid, Series series) {
        IdType patient = create(patient(patientMrn, patientName));
        // one Endpoint per PACS, as an EHR keeps it: studies of the same archive share it
        IdType endpoint = endpoints.computeIfAbsent(dicomWebBase.toString(), base -> create(endpoint(dicomWebBase)));
        ImagingStudy study = new ImagingStudy();
        study.addIdentifier().setSystem(Identifiers.DICOM_UID_SYSTEM).setValue(Identifiers.oidUrn(studyUid));
        study.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        study.setSubject(new Reference(patient));
        study.addEndpoint(new Reference(endpoint));
        study.setStarted(new Date());
        study.addModality(new Coding(DCM, "CT", "Computed Tomography"));
        study.setDescription("CT HEAD WO CONTRAST");
        study.setNumberOfSeries(1);
        study.setNumberOfInstances(series.sopInstanceUids().size());
        ImagingStudy.ImagingStudySeriesComponent component = study.addSeries()
                .setUid(series.uid())
                .setModality(new Coding(DCM, "CT", "Computed Tomography"))
                .setDescription(series.description())
                .setNumberOfInstances(series.sopInstanceUids().size());
        int number = 1;
        for (String sop : series.sopInstanceUids()) {
            component
                    .addInstance()
                    .setUid(sop)
                    .setNumber(number++)
                    .setSopClass(new Coding("urn:ietf:rfc:3986", Identifiers.oidUrn(CT_IMAGE_STORAGE), null));
        }
        IdType imagingStudy = create(study);
        return new Registered(patient.getValue(), endpoint.getValue(), imagingStudy.getValue());
    }

    private static Patient patient(String mrn, String name) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:ichcds:demo:mrn").setValue(mrn);
        patient.addName().setFamily(name).addGiven("Phantom");
        patient.setGender(Enumerations.AdministrativeGender.UNKNOWN);
        return patient;
    }

    private static Endpoint endpoint(URI dicomWebBase) {
        Endpoint endpoint = new Endpoint();
        endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
        endpoint.setName("PACS DICOMweb");
        endpoint.setConnectionType(new Coding(
                "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "dicom-wado-rs", "DICOM WADO-RS"));
        endpoint.addPayloadType(new CodeableConcept(new Coding(DCM, "113014", "Study")));
        endpoint.addPayloadMimeType("application/dicom");
        endpoint.setAddress(dicomWebBase.toString());
        return endpoint;
    }

    private IdType create(org.hl7.fhir.r4.model.Resource resource) {
        return fhir.create(resource);
    }
}
