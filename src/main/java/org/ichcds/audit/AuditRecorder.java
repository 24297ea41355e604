package org.ichcds.audit;

/** Where the audited parts of the server put their entries ({@link AuditTrail} in the server). */
@FunctionalInterface
public interface AuditRecorder {

    /** Records the entry; never throws and never holds the caller up for long. */
    void record(AuditEntry entry);
}
