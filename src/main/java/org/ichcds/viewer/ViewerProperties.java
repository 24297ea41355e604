package org.ichcds.viewer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the clinician's viewer ({@code ichcds.viewer.*}).
 *
 * @param linkTtl how long a viewer link from a card stays valid
 * @param tokenSecret the key that signs viewer links (at least 32 characters); when empty, a random key is made at
 *     each start, so links die with a restart and differ between replicas: set it for a cluster
 * @param requireTokenSecret refuse to start without a token secret (on in the {@code postgres} profile, where replicas
 *     share one database and a link issued by one must open on another)
 */
@ConfigurationProperties("ichcds.viewer")
record ViewerProperties(
        @DefaultValue("1h") Duration linkTtl,
        @DefaultValue("") String tokenSecret,
        @DefaultValue("false") boolean requireTokenSecret) {

    public ViewerProperties {
        if (requireTokenSecret && tokenSecret.isEmpty()) {
            throw new IllegalArgumentException("ichcds.viewer.token-secret is required here (ichcds.viewer."
                    + "require-token-secret, on in the postgres profile): replicas on one database must sign viewer"
                    + " links with the same key, or a link issued by one fails on another. Set it to at least 32"
                    + " random characters, e.g. ICHCDS_VIEWER_TOKEN_SECRET=$(openssl rand -base64 36)");
        }
        if (!tokenSecret.isEmpty() && tokenSecret.length() < 32) {
            throw new IllegalArgumentException("ichcds.viewer.token-secret must have at least 32 characters");
        }
        if (linkTtl.isNegative() || linkTtl.isZero()) {
            throw new IllegalArgumentException("ichcds.viewer.link-ttl must be positive, was " + linkTtl);
        }
    }
}
