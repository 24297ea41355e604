package org.ichcds.analysis;

import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.DicomWebException;
import org.ichcds.reporting.FailureReason;

/** What kind of failure stopped an analysis, in the terms a card explains to a clinician. */
final class AnalysisFailures {

    private AnalysisFailures() {}

    static FailureReason classify(Throwable failure) {
        if (failure instanceof PatientMismatchException) {
            return FailureReason.PATIENT_MISMATCH;
        }
        if (failure instanceof DicomWebException) {
            return FailureReason.IMAGES_UNAVAILABLE;
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
}
