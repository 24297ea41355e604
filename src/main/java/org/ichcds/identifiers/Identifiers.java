package org.ichcds.identifiers;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identifier syntaxes the project checks and writes, each defined here once: FHIR resource ids and relative
 * references, DICOM UIDs, and the FHIR identifier system that carries DICOM UIDs. Plain strings and patterns, no FHIR
 * or DICOM library types, so that every layer may use them.
 */
public final class Identifiers {

    /** FHIR R4 ImagingStudy.identifier (and the DICOM Device UID): DICOM UIDs are identifiers of this system. */
    public static final String DICOM_UID_SYSTEM = "urn:dicom:uid";

    /** The identifier system of the project's analysis ids (DiagnosticReport.identifier, AuditEvent entities). */
    public static final String ANALYSIS_ID_SYSTEM = "https://ichcds.org/fhir/sid/analysis-id";

    /** RFC 3001: a DICOM UID as a URN is {@code urn:oid:<uid>}, the value form under {@link #DICOM_UID_SYSTEM}. */
    public static final String OID_URN_PREFIX = "urn:oid:";

    // FHIR R4 §2.24.0.1 (id datatype): 1 to 64 of A-Z, a-z, 0-9, '-' and '.'
    private static final String FHIR_ID_SYNTAX = "[A-Za-z0-9\\-.]{1,64}";
    private static final Pattern FHIR_ID = Pattern.compile(FHIR_ID_SYNTAX);
    // FHIR R4 §2.3.0 (references): a relative reference is "<resource type>/<id>"; type names are capitalised letters
    private static final Pattern RELATIVE_REFERENCE = Pattern.compile("([A-Z][A-Za-z]+)/" + FHIR_ID_SYNTAX);

    // DICOM PS3.5 §9.1: at most 64 characters; components of digits separated by dots, without a leading zero unless
    // the component is a single 0; a root and a suffix, so at least two components
    private static final int DICOM_UID_MAX_LENGTH = 64;
    private static final Pattern DICOM_UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))+");
    // digits and dots only: some archives send UIDs with a leading zero in a component, which PS3.5 forbids but a
    // DICOMweb path carries safely
    private static final Pattern UID_AS_ARCHIVES_SEND_THEM = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    // the RFC 4122 name space of the UIDs made for identifiers that are not UIDs (a fixed, random UUID of the project)
    private static final UUID SOURCE_ID_NAMESPACE = UUID.fromString("6f1d7c52-3a0e-4b8f-9d41-58e2c0a7b913");

    private Identifiers() {}

    /**
     * A DICOM UID for what an image gives as one. The value itself when it is a UID; otherwise (the RSNA 2019 data set
     * writes its own identifiers, {@code ID_1b5ac170c}, as Study, Series and SOP Instance UIDs) a UUID-derived UID
     * under 2.25 (DICOM PS3.5 B.2) from a name-based UUID of the value (RFC 4122 §4.3, SHA-1), so the same identifier
     * always becomes the same UID and every DICOM or FHIR output stays valid.
     */
    public static String conformantUid(String value) {
        if (isDicomUid(value)) {
            return value;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an identifier is missing: " + value);
        }
        return "2.25." + new BigInteger(1, nameBasedUuid(value.strip()));
    }

    private static byte[] nameBasedUuid(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16)
                    .putLong(SOURCE_ID_NAMESPACE.getMostSignificantBits())
                    .putLong(SOURCE_ID_NAMESPACE.getLeastSignificantBits())
                    .array());
            byte[] uuid = java.util.Arrays.copyOf(sha1.digest(name.getBytes(StandardCharsets.UTF_8)), 16);
            uuid[6] = (byte) ((uuid[6] & 0x0f) | 0x50); // RFC 4122 §4.1.3: version 5
            uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80); // §4.1.1: the RFC 4122 variant
            return uuid;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is unavailable", e);
        }
    }

    /** Whether {@code value} is a FHIR resource id (FHIR R4 §2.24.0.1). */
    public static boolean isFhirId(String value) {
        return value != null && FHIR_ID.matcher(value).matches();
    }

    /** Whether {@code value} is a relative reference {@code <Type>/<id>} to a resource of any type. */
    public static boolean isRelativeReference(String value) {
        return value != null && RELATIVE_REFERENCE.matcher(value).matches();
    }

    /** Whether {@code value} is a relative reference to a resource of this type, e.g. {@code Patient/123}. */
    public static boolean isRelativeReference(String type, String value) {
        return value != null && value.startsWith(type + "/") && isRelativeReference(value);
    }

    /** Whether {@code value} is a DICOM UID as PS3.5 §9.1 defines it: the check for UIDs this project writes. */
    public static boolean isDicomUid(String value) {
        return value != null
                && value.length() <= DICOM_UID_MAX_LENGTH
                && DICOM_UID.matcher(value).matches();
    }

    /**
     * Whether {@code value} may be used as a DICOM UID in a DICOMweb request: digits and dots, at most 64 characters.
     * Laxer than {@link #isDicomUid} (a leading zero in a component passes), so that a study an archive stored with
     * such UIDs can still be read; strict enough that nothing else can get into the request path.
     */
    public static boolean isUidForRequest(String value) {
        return value != null
                && value.length() <= DICOM_UID_MAX_LENGTH
                && UID_AS_ARCHIVES_SEND_THEM.matcher(value).matches();
    }

    /** {@code urn:oid:<uid>} (RFC 3001). */
    public static String oidUrn(String uid) {
        return OID_URN_PREFIX + uid;
    }
}
