package org.ichcds.analysis;

/** An attempt must stop without writing anything more: its deadline passed, or another attempt holds the job now. */
final class AttemptStoppedException extends Exception {

    /** Why the attempt stopped. */
    enum Cause {
        DEADLINE,
        TAKEN_OVER
    }

    private final Cause cause;

    AttemptStoppedException(Cause cause, String message) {
        super(message, null, false, false);
        this.cause = cause;
    }

    Cause stopCause() {
        return cause;
    }
}
