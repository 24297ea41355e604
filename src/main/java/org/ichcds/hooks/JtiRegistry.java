package org.ichcds.hooks;

import java.time.Instant;

/**
 * Where the {@code jti} values already seen are remembered: in this process ({@link JtiReplayCache}) or, for several
 * replicas and across restarts, in the database ({@link JtiReplayTable}).
 */
interface JtiRegistry {

    /** What {@link #firstUse} found. */
    enum Outcome {
        FIRST_USE,
        REPLAY,
        FULL
    }

    /**
     * Records the id unless it was seen before and has not expired; {@code keepUntil} is when it may be forgotten.
     *
     * @throws JwtRejected when the record cannot be consulted (a token is refused when its reuse cannot be ruled out)
     */
    Outcome firstUse(String issuer, String jti, Instant keepUntil) throws JwtRejected;
}
