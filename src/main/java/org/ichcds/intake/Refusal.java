package org.ichcds.intake;

/**
 * Why an instance was not kept, with the status a C-STORE or STOW-RS caller gets (DICOM PS3.4 Annex B.2.3 C-STORE
 * statuses, which PS3.18 10.5.3 uses as STOW-RS FailureReason (0008,1197)). The text names what to configure and never
 * the instance's patient.
 */
final class Refusal extends Exception {

    /** A700 Refused: Out of Resources. */
    static final int OUT_OF_RESOURCES = 0xA700;
    /** C000 Error: Cannot understand. */
    static final int CANNOT_UNDERSTAND = 0xC000;
    /** 0110 Processing failure. */
    static final int PROCESSING_FAILURE = 0x0110;

    private final int status;

    Refusal(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
