package org.ichcds.fhir;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Reference;
import org.ichcds.identifiers.Identifiers;

/**
 * Finds where the images of a FHIR {@code ImagingStudy} are: its StudyInstanceUID (identifier system
 * {@code urn:dicom:uid}, value {@code urn:oid:<uid>}) and the DICOMweb base address of its {@code Endpoint}
 * (connectionType {@code dicom-wado-rs}), taken from the study or, failing that, from its first series that has one.
 */
public final class ImagingStudyResolver {

    private static final List<String> CONNECTION_TYPE_SYSTEMS = List.of(
            "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
            "http://hl7.org/fhir/endpoint-connection-type");

    private final Function<Reference, Endpoint> endpointReader;

    /**
     * @param endpointReader reads the Endpoint a reference points to (for example from the FHIR server the study came
     *     from); contained endpoints are resolved without it
     */
    public ImagingStudyResolver(Function<Reference, Endpoint> endpointReader) {
        this.endpointReader = endpointReader;
    }

    /** Where a study's images are: its StudyInstanceUID and the DICOMweb base address that serves them. */
    public record StudyLocation(String studyUid, URI dicomWebBase) {}

    /**
     * @throws ImagingStudyException when the study has no usable DICOM UID or no active WADO-RS endpoint
     */
    public StudyLocation resolve(ImagingStudy study) {
        String name = study.getIdElement().toUnqualifiedVersionless().getValue();
        String uid = studyUid(study)
                .orElseThrow(() -> new ImagingStudyException(name + " has no identifier with system "
                        + Identifiers.DICOM_UID_SYSTEM + " and a value urn:oid:<StudyInstanceUID>"));
        Reference reference = endpointReference(study)
                .orElseThrow(() -> new ImagingStudyException(name + " names no Endpoint (ImagingStudy.endpoint)"));
        Endpoint endpoint = endpoint(study, reference);
        return new StudyLocation(uid, dicomWebBase(name, endpoint));
    }

    /** The StudyInstanceUID of an ImagingStudy, when it carries a valid one. */
    static Optional<String> studyUid(ImagingStudy study) {
        for (Identifier identifier : study.getIdentifier()) {
            String value = identifier.getValue();
            if (Identifiers.DICOM_UID_SYSTEM.equals(identifier.getSystem())
                    && value != null
                    && value.startsWith(Identifiers.OID_URN_PREFIX)) {
                String uid = value.substring(Identifiers.OID_URN_PREFIX.length());
                if (Identifiers.isDicomUid(uid)) {
                    return Optional.of(uid);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Reference> endpointReference(ImagingStudy study) {
        if (study.hasEndpoint()) {
            return Optional.of(study.getEndpointFirstRep());
        }
        return study.getSeries().stream()
                .filter(ImagingStudy.ImagingStudySeriesComponent::hasEndpoint)
                .map(ImagingStudy.ImagingStudySeriesComponent::getEndpointFirstRep)
                .findFirst();
    }

    private Endpoint endpoint(ImagingStudy study, Reference reference) {
        if (reference.getResource() instanceof Endpoint endpoint) {
            return endpoint;
        }
        String ref = reference.getReference();
        if (ref != null && ref.startsWith("#")) {
            return study.getContained().stream()
                    .filter(r -> r instanceof Endpoint && ref.substring(1).equals(r.getIdPart()))
                    .map(Endpoint.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new ImagingStudyException("contained Endpoint " + ref + " is missing"));
        }
        Endpoint endpoint = endpointReader.apply(reference);
        if (endpoint == null) {
            throw new ImagingStudyException("Endpoint " + ref + " could not be read");
        }
        return endpoint;
    }

    private static URI dicomWebBase(String study, Endpoint endpoint) {
        String name = endpoint.getIdElement().toUnqualifiedVersionless().getValue();
        Coding type = endpoint.getConnectionType();
        if (!"dicom-wado-rs".equals(type.getCode()) || !CONNECTION_TYPE_SYSTEMS.contains(type.getSystem())) {
            throw new ImagingStudyException("Endpoint " + name + " of " + study + " has connectionType "
                    + type.getSystem() + "#" + type.getCode() + ", not dicom-wado-rs");
        }
        if (endpoint.getStatus() != null && endpoint.getStatus() != Endpoint.EndpointStatus.ACTIVE) {
            throw new ImagingStudyException(
                    "Endpoint " + name + " is " + endpoint.getStatus().toCode());
        }
        String address = endpoint.getAddress();
        URI uri;
        try {
            uri = address == null ? null : URI.create(address.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ImagingStudyException("Endpoint " + name + " has no http(s) address: " + address);
        }
        return uri;
    }
}
