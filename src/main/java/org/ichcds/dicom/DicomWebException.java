package org.ichcds.dicom;

/** A DICOMweb call that failed; the message is one line a person can act on (it never holds a secret). */
public class DicomWebException extends RuntimeException {

    private final int status;

    public DicomWebException(String message) {
        this(message, 0, null);
    }

    DicomWebException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the server answered, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
