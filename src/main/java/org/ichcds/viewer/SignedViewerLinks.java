package org.ichcds.viewer;

import java.time.Clock;
import org.ichcds.analysis.ViewerLinks;
import org.springframework.stereotype.Component;

/** The links to the viewer page of an analysis that cards carry: absolute, with a signed short-lived token. */
@Component
class SignedViewerLinks implements ViewerLinks {

    private final ViewerTokens tokens;

    SignedViewerLinks(ViewerProperties properties) {
        this.tokens = new ViewerTokens(properties, Clock.systemUTC());
    }

    ViewerTokens tokens() {
        return tokens;
    }

    /** {@code <baseUrl>/viewer/analyses/<id>?token=…}; the URL carries ids only, never patient data. */
    @Override
    public String link(String baseUrl, String analysisId) {
        return baseUrl.replaceAll("/+$", "") + "/viewer/analyses/" + analysisId + "?token=" + tokens.issue(analysisId);
    }
}
