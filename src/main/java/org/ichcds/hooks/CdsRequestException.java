package org.ichcds.hooks;

import org.springframework.http.HttpStatus;

/** A CDS call the service cannot answer; the status and message go back to the caller in an OperationOutcome. */
class CdsRequestException extends RuntimeException {

    private final HttpStatus status;

    CdsRequestException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static CdsRequestException badRequest(String message) {
        return new CdsRequestException(HttpStatus.BAD_REQUEST, message);
    }

    /** CDS Hooks 2.0 §prefetch: data the service needs can be neither prefetched nor fetched. */
    static CdsRequestException preconditionFailed(String message) {
        return new CdsRequestException(HttpStatus.PRECONDITION_FAILED, message);
    }
}
