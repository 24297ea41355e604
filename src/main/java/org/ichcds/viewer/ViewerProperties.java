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
 */
@ConfigurationProperties("ichcds.viewer")
record ViewerProperties(
        @DefaultValue("1h") Duration linkTtl,
        @DefaultValue("") String tokenSecret) {

    public ViewerProperties {
        if (!tokenSecret.isEmpty() && tokenSecret.length() < 32) {
            throw new IllegalArgumentException("ichcds.viewer.token-secret must have at least 32 characters");
        }
        if (linkTtl.isNegative() || linkTtl.isZero()) {
            throw new IllegalArgumentException("ichcds.viewer.link-ttl must be positive, was " + linkTtl);
        }
    }
}
