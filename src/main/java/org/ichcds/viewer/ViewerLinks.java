package org.ichcds.viewer;

import java.time.Clock;
import org.springframework.stereotype.Component;

/** The links to the viewer page of an analysis that cards carry: absolute, with a signed short-lived token. */
@Component
public class ViewerLinks {

    private final ViewerTokens tokens;

    ViewerLinks(ViewerProperties properties) {
        this.tokens = new ViewerTokens(properties, Clock.systemUTC());
    }

    ViewerTokens tokens() {
        return tokens;
    }

    /** {@code <baseUrl>/viewer/analyses/<id>?token=…}; the URL carries ids only, never patient data. */
    public String link(String baseUrl, String analysisId) {
        return baseUrl.replaceAll("/+$", "") + "/viewer/analyses/" + analysisId + "?token=" + tokens.issue(analysisId);
    }
}
