package org.ichcds.fhir;

/** An ImagingStudy whose images cannot be located; the message says what is missing. */
public final class ImagingStudyException extends RuntimeException {
    ImagingStudyException(String message) {
        super(message);
    }
}
