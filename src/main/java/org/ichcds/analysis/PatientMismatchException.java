package org.ichcds.analysis;

/**
 * The images of a study name another patient than the one the analysis was asked for; no result is made. The message
 * says which check failed, never the identifiers themselves.
 */
final class PatientMismatchException extends Exception {
    PatientMismatchException(String reason) {
        super(reason);
    }
}
