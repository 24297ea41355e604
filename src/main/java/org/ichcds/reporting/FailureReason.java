package org.ichcds.reporting;

/**
 * Why an analysis produced no result, in words a clinician can act on. Problems the clinician should know about
 * (the images could not be fetched or read, the software failed) give a {@code warning} card; a study the analysis
 * does not apply to gives an {@code info} card.
 */
public enum FailureReason {
    IMAGES_UNAVAILABLE("the images could not be retrieved from the PACS", "warning"),
    IMAGES_UNREADABLE("the images could not be read (unsupported or damaged image files)", "warning"),
    UNSUPPORTED_COMPRESSION("the images are encoded in a transfer syntax this server does not read", "warning"),
    PATIENT_MISMATCH("the images do not match this patient", "warning"),
    NO_HEAD_CT_SERIES("the study has no non-contrast head CT series that the analysis applies to", "info"),
    ANALYSIS_ERROR("the analysis software failed", "warning"),
    TIMED_OUT("the analysis did not finish in time", "warning"),
    STUDY_TOO_LARGE("the study is larger than this server is set to analyse", "warning");

    private final String wording;
    private final String indicator;

    FailureReason(String wording, String indicator) {
        this.wording = wording;
        this.indicator = indicator;
    }

    /** "the images could not be retrieved from the PACS". */
    String wording() {
        return wording;
    }

    /** The card indicator: {@code warning} or {@code info}. */
    String indicator() {
        return indicator;
    }
}
