package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ImagingStudyResolverTest {

    private static final String UID = "1.2.826.0.1.3680043.8.498.1";

    private static Endpoint wadoEndpoint(String address) {
        Endpoint endpoint = new Endpoint();
        endpoint.setId("Endpoint/pacs");
        endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
        endpoint.setConnectionType(
                new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "dicom-wado-rs", null));
        endpoint.setAddress(address);
        return endpoint;
    }

    private static ImagingStudy study(String identifierValue) {
        ImagingStudy study = new ImagingStudy();
        study.setId("ImagingStudy/s1");
        study.addIdentifier().setSystem("urn:dicom:uid").setValue(identifierValue);
        study.addEndpoint(new Reference("Endpoint/pacs"));
        return study;
    }

    @Test
    void resolvesUidAndReferencedEndpoint() {
        var resolver = new ImagingStudyResolver(ref -> {
            assertThat(ref.getReference()).isEqualTo("Endpoint/pacs");
            return wadoEndpoint("http://127.0.0.1:18042/dicom-web/");
        });
        var location = resolver.resolve(study("urn:oid:" + UID));
        assertThat(location.studyUid()).isEqualTo(UID);
        assertThat(location.dicomWebBase()).isEqualTo(URI.create("http://127.0.0.1:18042/dicom-web"));
    }

    @Test
    void resolvesContainedEndpointOfASeries() {
        ImagingStudy study = new ImagingStudy();
        study.addIdentifier().setSystem("urn:dicom:uid").setValue("urn:oid:" + UID);
        Endpoint contained = wadoEndpoint("https://pacs.example.org/dicom-web");
        contained.setId("ep");
        study.addContained(contained);
        study.addSeries().setUid("1.2.3").addEndpoint(new Reference("#ep"));
        var location = new ImagingStudyResolver(ref -> null).resolve(study);
        assertThat(location.dicomWebBase()).hasHost("pacs.example.org");
    }

    @Test
    void rejectsStudiesWithoutAUsableUid() {
        var resolver = new ImagingStudyResolver(ref -> wadoEndpoint("http://pacs/dicom-web"));
        assertThatThrownBy(() -> resolver.resolve(study(UID)))
                .isInstanceOf(ImagingStudyException.class)
                .hasMessageContaining("urn:dicom:uid");
        assertThatThrownBy(() -> resolver.resolve(study("urn:oid:1.02.3")))
                .hasMessageContaining("urn:oid:<StudyInstanceUID>");
    }

    @Test
    void rejectsEndpointsThatAreNotWadoRs() {
        Endpoint wado = wadoEndpoint("http://pacs/dicom-web");
        wado.getConnectionType().setCode("dicom-qido-rs");
        assertThatThrownBy(() -> new ImagingStudyResolver(ref -> wado).resolve(study("urn:oid:" + UID)))
                .hasMessageContaining("not dicom-wado-rs");
        Endpoint ftp = wadoEndpoint("ftp://pacs/dicom-web");
        assertThatThrownBy(() -> new ImagingStudyResolver(ref -> ftp).resolve(study("urn:oid:" + UID)))
                .hasMessageContaining("no http(s) address");
        Endpoint off = wadoEndpoint("http://pacs/dicom-web");
        off.setStatus(Endpoint.EndpointStatus.OFF);
        assertThatThrownBy(() -> new ImagingStudyResolver(ref -> off).resolve(study("urn:oid:" + UID)))
                .hasMessageContaining("is off");
    }

    @Test
    void rejectsStudiesWithoutEndpoint() {
        ImagingStudy study = study("urn:oid:" + UID);
        study.setEndpoint(null);
        assertThatThrownBy(() -> new ImagingStudyResolver(ref -> null).resolve(study))
                .hasMessageContaining("names no Endpoint");
    }
}
