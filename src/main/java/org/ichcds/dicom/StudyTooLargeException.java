package org.ichcds.dicom;

/**
 * A study over one of the {@link StudyLimits}: intact, but larger than the server is set to analyse. The message
 * names the limit and its setting, and no patient or study identifier (it is shown on the card).
 */
public final class StudyTooLargeException extends DicomFormatException {

    public StudyTooLargeException(String message) {
        super(message, false);
    }
}
