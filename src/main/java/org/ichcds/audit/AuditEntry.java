package org.ichcds.audit;

import java.time.Instant;

/**
 * One audited event, in the spirit of IHE Basic Audit Log Patterns: what happened ({@link AuditKind} and the
 * interaction), to whose data ({@link What}), by whom and from where ({@link Who}), with what outcome, when. Text is cut
 * to the stored column widths, since much of it comes from callers.
 */
public record AuditEntry(
        Instant time, AuditKind kind, String interaction, Outcome outcome, String outcomeText, Who who, What what) {

    /** FHIR R4 audit-event-outcome: 0 success, 4 minor failure (the caller's request was refused), 8 serious failure. */
    public enum Outcome {
        SUCCESS(0),
        MINOR_FAILURE(4),
        SERIOUS_FAILURE(8);

        private final int code;

        Outcome(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The outcome of an HTTP answer with this status. */
        public static Outcome ofStatus(int status) {
            return status < 400 ? SUCCESS : status < 500 ? MINOR_FAILURE : SERIOUS_FAILURE;
        }

        static Outcome ofCode(int code) {
            return code == 0 ? SUCCESS : code == 4 ? MINOR_FAILURE : SERIOUS_FAILURE;
        }
    }

    /**
     * Who: the token's issuer and client, the user the client acted for (a hook's {@code userId}, a token's
     * {@code fhirUser}), and the network address the call came from. Any part may be unknown ({@code null}).
     */
    public record Who(String issuer, String client, String user, String source) {
        public Who {
            issuer = cut(issuer, 512);
            client = cut(client, 256);
            user = cut(user, 256);
            source = cut(source, 64);
        }
    }

    /**
     * What: the patient reference ({@code Patient/…}), the StudyInstanceUID, the analysis id, and a free detail (a FHIR
     * query, the cards a feedback is about). Any part may be unknown ({@code null}).
     */
    public record What(String patient, String study, String analysis, String detail) {
        public What {
            patient = cut(patient, 128);
            study = cut(study, 64);
            analysis = cut(analysis, 64);
            detail = cut(detail, 2000);
        }

        public static What none() {
            return new What(null, null, null, null);
        }

        public What withPatient(String reference) {
            return new What(reference, study, analysis, detail);
        }
    }

    public AuditEntry {
        if (time == null || kind == null || outcome == null) {
            throw new IllegalArgumentException("an audit entry needs a time, a kind and an outcome");
        }
        interaction = cut(interaction == null ? kind.name() : interaction, 128);
        outcomeText = cut(outcomeText, 256);
        who = who == null ? new Who(null, null, null, null) : who;
        what = what == null ? What.none() : what;
    }

    /** An entry for now. */
    public static AuditEntry now(
            AuditKind kind, String interaction, Outcome outcome, String outcomeText, Who who, What what) {
        return new AuditEntry(Instant.now(), kind, interaction, outcome, outcomeText, who, what);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
