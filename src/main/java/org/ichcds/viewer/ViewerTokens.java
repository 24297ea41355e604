package org.ichcds.viewer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, short-lived tokens for viewer links: {@code <analysisId>.<expiry epoch s>.<HMAC-SHA256>}, base64url. The
 * server signs and verifies its own links, so a shared-secret MAC is the right tool (unlike the EHR's JWTs). A token
 * opens exactly one analysis until it expires; it carries no patient data.
 */
final class ViewerTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final Clock clock;
    private final long ttlSeconds;

    ViewerTokens(ViewerProperties properties, Clock clock) {
        this.key = properties.tokenSecret().isEmpty()
                ? randomKey()
                : properties.tokenSecret().getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.ttlSeconds = properties.linkTtl().toSeconds();
    }

    /** A token that opens this analysis until the link TTL has passed. */
    String issue(String analysisId) {
        long expiry = Instant.now(clock).getEpochSecond() + ttlSeconds;
        String body = B64.encodeToString(analysisId.getBytes(StandardCharsets.UTF_8)) + "." + expiry;
        return body + "." + B64.encodeToString(mac(body));
    }

    /** Why a token does not open an analysis; {@code VALID} when it does. */
    public enum Verdict {
        VALID,
        MISSING,
        MALFORMED,
        FORGED,
        EXPIRED,
        OTHER_ANALYSIS
    }

    Verdict verify(String token, String analysisId) {
        if (token == null || token.isBlank()) {
            return Verdict.MISSING;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Verdict.MALFORMED;
        }
        byte[] signature;
        long expiry;
        String id;
        try {
            signature = B64D.decode(parts[2]);
            expiry = Long.parseLong(parts[1]);
            id = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
            return Verdict.FORGED;
        }
        if (Instant.now(clock).getEpochSecond() >= expiry) {
            return Verdict.EXPIRED;
        }
        return id.equals(analysisId) ? Verdict.VALID : Verdict.OTHER_ANALYSIS;
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
