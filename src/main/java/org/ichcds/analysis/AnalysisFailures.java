package org.ichcds.analysis;

import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.DicomWebException;
import org.ichcds.dicom.StudyTooLargeException;
import org.ichcds.dicom.UnsupportedTransferSyntaxException;
import org.ichcds.reporting.FailureReason;

/** What kind of failure stopped an analysis, in the terms a card explains to a clinician, and whether it may pass. */
final class AnalysisFailures {

    private AnalysisFailures() {}

    static FailureReason classify(Throwable failure) {
        if (failure instanceof PatientMismatchException) {
            return FailureReason.PATIENT_MISMATCH;
        }
        if (failure instanceof DicomWebException) {
            return FailureReason.IMAGES_UNAVAILABLE;
        }
        if (failure instanceof StudyTooLargeException) {
            return FailureReason.STUDY_TOO_LARGE;
        }
        if (failure instanceof UnsupportedTransferSyntaxException) {
            return FailureReason.UNSUPPORTED_COMPRESSION;
        }
        if (failure instanceof DicomFormatException format) {
            String message = String.valueOf(format.getMessage());
            if (message.contains("has no study") || message.contains("returned no instance")) {
                return FailureReason.IMAGES_UNAVAILABLE;
            }
            // an intact study whose series the selection rules all exclude is not a head CT we analyse
            return format.damaged() ? FailureReason.IMAGES_UNREADABLE : FailureReason.NO_HEAD_CT_SERIES;
        }
        return FailureReason.ANALYSIS_ERROR;
    }

    /**
     * Whether another attempt may succeed: images not (yet) retrievable and unexpected exceptions may pass; images of
     * another patient, unreadable or not a head CT will not change, an address no configured source allows stays
     * refused, and an {@link Error} (out of memory, a broken native library) would only recur and take the server's
     * memory again.
     */
    static boolean mayPass(Throwable failure) {
        if (failure instanceof Error || failure instanceof AddressRefusedException) {
            return false;
        }
        FailureReason kind = classify(failure);
        return kind == FailureReason.IMAGES_UNAVAILABLE || kind == FailureReason.ANALYSIS_ERROR;
    }

    /** The reason recorded with the job: the message, or the kind of error when it has none. */
    static String describe(Throwable failure) {
        if (failure instanceof UnsupportedTransferSyntaxException unsupported) {
            // without the instance it was found in: the card shows this reason, and a series UID is a study identifier
            return unsupported.reason();
        }
        String message = failure.getMessage();
        if (failure instanceof OutOfMemoryError) {
            return "out of memory" + (message == null ? "" : ": " + message);
        }
        if (failure instanceof Error) {
            return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
