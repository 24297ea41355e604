package org.ichcds.reporting;

import java.util.List;
import java.util.stream.Stream;

/**
 * Why a clinician dismissed a card; the codes of fhir-profiles/CodeSystem-ich-override-reason.json. CDS Hooks 2.0
 * §overridereason: each Coding carries a display, and the chosen one comes back in feedback.
 */
enum OverrideReason {
    REVIEWED_NO_HEMORRHAGE("reviewed-no-hemorrhage", "Images reviewed: no hemorrhage"),
    ALREADY_KNOWN("already-known", "Finding already known"),
    NOT_A_HEAD_CT("not-a-head-ct", "Not a non-contrast head CT"),
    POOR_IMAGE_QUALITY("poor-image-quality", "Images not interpretable"),
    BENEFIT_OUTWEIGHS_RISK("benefit-outweighs-risk", "Benefit outweighs bleeding risk");

    private final String code;
    private final String display;

    OverrideReason(String code, String display) {
        this.code = code;
        this.display = display;
    }

    String code() {
        return code;
    }

    String display() {
        return display;
    }

    CdsResponse.Coding coding() {
        return new CdsResponse.Coding(code, Terminology.OVERRIDE_REASON_SYSTEM, display);
    }

    static List<CdsResponse.Coding> codings(OverrideReason... reasons) {
        return Stream.of(reasons).map(OverrideReason::coding).toList();
    }
}
