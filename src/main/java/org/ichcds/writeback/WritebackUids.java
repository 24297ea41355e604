package org.ichcds.writeback;

import org.ichcds.identifiers.Identifiers;

/**
 * The UIDs of the objects written back for one analysis, derived from the analysis id alone: a repeated delivery, a
 * retried analysis or a second replica builds the same Series and SOP Instance UIDs, so the PACS holds one copy
 * (DICOM PS3.5 B.2: UUID-derived UIDs under 2.25, from a name-based UUID, see {@link Identifiers#conformantUid}).
 */
record WritebackUids(String srSeries, String srInstance, String prSeries, String prInstance) {

    static WritebackUids of(String analysisId) {
        return new WritebackUids(
                uid(analysisId, "sr-series"),
                uid(analysisId, "sr-instance"),
                uid(analysisId, "pr-series"),
                uid(analysisId, "pr-instance"));
    }

    /** The Tracking Unique Identifier (DCM 112040) of one measurement group of the analysis's report. */
    static String tracking(String analysisId, String key) {
        return uid(analysisId, "tracking/" + key);
    }

    /** An identifier that is not a UID (it has letters) becomes a stable 2.25 UID of its own. */
    private static String uid(String analysisId, String role) {
        return Identifiers.conformantUid("ichcds-writeback/" + analysisId + "/" + role);
    }
}
