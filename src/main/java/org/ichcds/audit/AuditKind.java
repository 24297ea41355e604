package org.ichcds.audit;

/**
 * The audited activities, each with its FHIR AuditEvent action (R4 audit-event-action: C create, R read, E execute)
 * and the code that names it as the AuditEvent's subtype.
 */
public enum AuditKind {
    /** A CDS Hooks service call (study-complete, order-sign), answered or refused. */
    HOOK_CALL("E", "hook-call", "CDS Hooks service call"),
    /** CDS Hooks feedback on a card. */
    HOOK_FEEDBACK("C", "hook-feedback", "CDS Hooks feedback"),
    /** A read of an AI result (or of the audit trail) through /fhir. */
    FHIR_READ("R", "read", "read"),
    /** A search of AI results (or of the audit trail) through /fhir. */
    FHIR_SEARCH("E", "search-type", "search-type"),
    /** A /fhir call refused before it reached the FHIR server: no token, a bad one, or outside its scopes. */
    FHIR_REFUSED("E", "access-refused", "Access refused"),
    /** The viewer page of an analysis opened from a card's link, or refused. */
    VIEWER_OPEN("R", "viewer-open", "Viewer opened"),
    /** DICOM instances offered to the server (C-STORE association, STOW-RS request): refusals and stored studies. */
    STUDY_RECEIVED("C", "study-received", "Study received");

    private final String action;
    private final String code;
    private final String display;

    AuditKind(String action, String code, String display) {
        this.action = action;
        this.code = code;
        this.display = display;
    }

    public String action() {
        return action;
    }

    /** The subtype code: FHIR's restful-interaction for /fhir reads and searches, the project's own otherwise. */
    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    /** Whether the code is FHIR's restful-interaction (else the project's audit activity code system). */
    public boolean restfulInteraction() {
        return this == FHIR_READ || this == FHIR_SEARCH;
    }

    /** The kind whose subtype code this is, if any. */
    public static java.util.Optional<AuditKind> ofCode(String code) {
        for (AuditKind kind : values()) {
            if (kind.code.equals(code)) {
                return java.util.Optional.of(kind);
            }
        }
        return java.util.Optional.empty();
    }
}
