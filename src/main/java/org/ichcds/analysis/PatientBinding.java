package org.ichcds.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds an analysis to one patient, so a result is never shown for another. Two checks, each refusing by default:
 *
 * <ol>
 *   <li>{@link #subjectMismatch}: the ImagingStudy must name a subject, and it must be the hook's {@code patientId}.
 *   <li>{@link #dicomMismatch}: when the Patient has identifiers, the images' PatientID (0010,0020) must equal one of
 *       their values; when the images also carry IssuerOfPatientID (0010,0021) and that identifier has a system, the
 *       issuer must name the system: equal to it, as {@code urn:oid:<issuer>}, or mapped to it by
 *       {@code ichcds.analysis.patient-id-issuers.<issuer>=<system>}.
 * </ol>
 *
 * The reasons returned are for the audit trail; the card shows one text for any mismatch.
 */
public final class PatientBinding {

    /** One identifier of the Patient resource. */
    public record Identifier(String system, String value) {}

    /** The patient identification the images carry (DICOM PS3.3 C.7.1.1). */
    public record DicomPatient(String patientId, String issuer) {}

    private final Map<String, String> issuerSystems;

    /** @param issuerSystems IssuerOfPatientID value → Patient.identifier system, for sites whose two differ */
    public PatientBinding(Map<String, String> issuerSystems) {
        this.issuerSystems = Map.copyOf(issuerSystems);
    }

    /**
     * Why the ImagingStudy's subject does not bind it to the hook's patient, or empty when it does.
     *
     * @param subjectReference {@code ImagingStudy.subject.reference}: {@code Patient/123}, an absolute URL ending so,
     *     possibly with {@code /_history/n}; {@code null} when absent
     */
    public static Optional<String> subjectMismatch(String contextPatientId, String subjectReference) {
        if (contextPatientId == null || contextPatientId.isBlank()) {
            return Optional.of("the hook names no patient");
        }
        if (subjectReference == null || subjectReference.isBlank()) {
            return Optional.of("the ImagingStudy names no subject");
        }
        Optional<String> id = patientId(subjectReference);
        if (id.isEmpty()) {
            return Optional.of("the ImagingStudy's subject is not a Patient");
        }
        return id.get().equals(contextPatientId)
                ? Optional.empty()
                : Optional.of("the ImagingStudy's subject is another patient");
    }

    /** Why the images do not belong to the Patient, or empty when they do (or the Patient has no identifiers). */
    public Optional<String> dicomMismatch(List<Identifier> patientIdentifiers, DicomPatient images) {
        List<Identifier> usable = patientIdentifiers.stream()
                .filter(i -> i.value() != null && !i.value().isBlank())
                .toList();
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        String patientId = trim(images.patientId());
        if (patientId.isEmpty()) {
            return Optional.of("the images carry no PatientID but the Patient has identifiers");
        }
        String issuer = trim(images.issuer());
        boolean valueMatched = false;
        for (Identifier identifier : usable) {
            if (!identifier.value().trim().equals(patientId)) {
                continue;
            }
            valueMatched = true;
            if (issuer.isEmpty() || identifier.system() == null || issuerNames(issuer, identifier.system())) {
                return Optional.empty();
            }
        }
        return Optional.of(
                valueMatched
                        ? "the images' IssuerOfPatientID names none of the matching identifiers' systems"
                        : "the images' PatientID is none of the Patient's identifiers");
    }

    /**
     * Why a received study's images do not belong to the Patient, or empty when they do. Stricter than
     * {@link #dicomMismatch}: the images came with no ImagingStudy of the EHR naming their patient, so the Patient must
     * have an identifier and one of them must match the images' PatientID (and issuer).
     */
    public Optional<String> receivedMismatch(List<Identifier> patientIdentifiers, DicomPatient images) {
        boolean none = patientIdentifiers.stream()
                .allMatch(i -> i.value() == null || i.value().isBlank());
        if (none) {
            return Optional.of("the Patient has no identifier to match the received images' PatientID against");
        }
        return dicomMismatch(patientIdentifiers, images);
    }

    private boolean issuerNames(String issuer, String system) {
        return system.equals(issuer)
                || system.equalsIgnoreCase("urn:oid:" + issuer)
                || system.equals(issuerSystems.get(issuer));
    }

    /** The id of a Patient reference, relative or absolute, without a version. */
    static Optional<String> patientId(String reference) {
        String r = reference.trim();
        int history = r.indexOf("/_history/");
        if (history >= 0) {
            r = r.substring(0, history);
        }
        String[] parts = r.split("/");
        if (parts.length < 2 || !parts[parts.length - 2].equals("Patient")) {
            return Optional.empty();
        }
        String id = parts[parts.length - 1];
        // FHIR R4 id: [A-Za-z0-9\-\.]{1,64}
        return id.matches("[A-Za-z0-9\\-.]{1,64}") ? Optional.of(id) : Optional.empty();
    }

    // DICOM pads LO values with trailing spaces (PS3.5 6.2); leading spaces are not significant either
    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
