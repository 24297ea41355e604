package org.ichcds.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * A search of the audit trail: every part optional but the page. Newest first.
 *
 * @param from recorded at or after
 * @param to recorded before
 * @param patient a patient reference ({@code Patient/…})
 * @param kind the activity
 * @param outcome the outcome
 * @param offset entries to skip
 * @param count entries to return (at most {@link #MAX_COUNT})
 */
public record AuditQuery(
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> patient,
        Optional<AuditKind> kind,
        Optional<AuditEntry.Outcome> outcome,
        int offset,
        int count) {

    public static final int MAX_COUNT = 500;

    public AuditQuery {
        if (offset < 0 || count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("a page of the audit trail is 0 to " + MAX_COUNT
                    + " entries from offset 0 or more, not " + count + " from " + offset);
        }
    }

    /** Every entry, newest first, one page. */
    public static AuditQuery all(int offset, int count) {
        return new AuditQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                offset,
                count);
    }
}
