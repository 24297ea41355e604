package org.ichcds.hooks;

/**
 * What one hook call concerned, noted by its handler for the audit trail: the study and the analysis the answer came
 * from. One per call, on the call's thread.
 */
final class HookAudit {

    private String study;
    private String analysis;

    void note(String studyUid, String analysisId) {
        this.study = studyUid;
        this.analysis = analysisId;
    }

    String study() {
        return study;
    }

    String analysis() {
        return analysis;
    }
}
