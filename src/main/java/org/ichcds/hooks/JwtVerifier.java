package org.ichcds.hooks;

import static org.ichcds.hooks.JwtRejected.Reason.ALGORITHM;
import static org.ichcds.hooks.JwtRejected.Reason.AUDIENCE;
import static org.ichcds.hooks.JwtRejected.Reason.EXPIRED;
import static org.ichcds.hooks.JwtRejected.Reason.HEADER;
import static org.ichcds.hooks.JwtRejected.Reason.MALFORMED;
import static org.ichcds.hooks.JwtRejected.Reason.MISSING_CLAIM;
import static org.ichcds.hooks.JwtRejected.Reason.NOT_YET_VALID;
import static org.ichcds.hooks.JwtRejected.Reason.SIGNATURE;
import static org.ichcds.hooks.JwtRejected.Reason.TOO_OLD;
import static org.ichcds.hooks.JwtRejected.Reason.UNKNOWN_KEY;
import static org.ichcds.hooks.JwtRejected.Reason.UNTRUSTED_ISSUER;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the JWT a CDS client sends in {@code Authorization: Bearer} (CDS Hooks 2.0 §trusting-cds-clients): an
 * asymmetric signature by a key of a trusted issuer, the audience equal to the endpoint called, {@code exp},
 * {@code iat} and a {@code jti} not seen before. Pure: no Spring, no servlet types. A {@code jku} header is ignored:
 * keys come only from the JWKS configured for the issuer, since fetching a URL the token names would let the caller
 * choose the keys that verify it.
 */
public final class JwtVerifier {

    /** CDS Hooks 2.0 recommends ES384 and RS384 and forbids {@code none} and symmetric algorithms. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    /** Real CDS tokens are well under 2 kB; a longer header is refused before any parsing. */
    static final int MAX_TOKEN_CHARS = 8192;

    /** RSA keys shorter than this are refused (NIST SP 800-131A). */
    private static final int MIN_RSA_BITS = 2048;

    /** What a verified token says about its caller. */
    record Verified(String issuer, String subject, String jwtId, Instant expiresAt) {}

    private record KeyAndAlgorithm(JWK key, JWSAlgorithm algorithm) {}

    private final Map<String, JwksSource> keysByIssuer;
    // a verifier holds its key converted (and, for ECDSA, precomputed): one per key and algorithm; empty when the key
    // cannot verify that algorithm
    private final Cache<KeyAndAlgorithm, Optional<JWSVerifier>> verifiers = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final JtiReplayCache replayCache;
    private final CdsProperties.Jwt limits;
    private final Clock clock;

    JwtVerifier(
            Map<String, JwksSource> keysByIssuer, JtiReplayCache replayCache, CdsProperties.Jwt limits, Clock clock) {
        this.keysByIssuer = Map.copyOf(keysByIssuer);
        this.replayCache = replayCache;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * @param token the compact JWS from the {@code Authorization} header
     * @param expectedAudience the exact URL of the endpoint called
     * @throws JwtRejected with the reason category when anything is wrong
     */
    Verified verify(String token, String expectedAudience) throws JwtRejected {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims = claims(jwt);
        String issuer = claims.getIssuer();
        if (issuer == null) {
            throw new JwtRejected(MISSING_CLAIM);
        }
        JwksSource keys = keysByIssuer.get(issuer);
        if (keys == null) {
            throw new JwtRejected(UNTRUSTED_ISSUER, issuer);
        }
        checkSignature(jwt, keys, issuer);
        if (!claims.getAudience().contains(expectedAudience)) {
            throw new JwtRejected(AUDIENCE, issuer);
        }
        Instant keepUntil = checkTimes(claims, issuer);
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new JwtRejected(MISSING_CLAIM, issuer);
        }
        switch (replayCache.firstUse(issuer, jti, keepUntil)) {
            case REPLAY -> throw new JwtRejected(JwtRejected.Reason.REPLAYED, issuer);
            case FULL -> throw new JwtRejected(JwtRejected.Reason.REPLAY_CACHE_FULL, issuer);
            case FIRST_USE -> {}
        }
        return new Verified(
                issuer, claims.getSubject(), jti, claims.getExpirationTime().toInstant());
    }

    /** A compact JWS with an allowed algorithm, {@code typ} JWT when present, and a {@code kid}. */
    private static SignedJWT parse(String token) throws JwtRejected {
        if (token == null || token.isBlank()) {
            throw new JwtRejected(JwtRejected.Reason.MISSING_TOKEN);
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new JwtRejected(MALFORMED);
        }
        String[] parts = token.split("\\.", -1);
        try {
            // the header alone first, so that "alg": "none" or an encrypted token is named as such
            if (!(Header.parse(new Base64URL(parts[0])) instanceof JWSHeader header)) {
                throw new JwtRejected(ALGORITHM);
            }
            if (parts.length != 3) {
                throw new JwtRejected(MALFORMED);
            }
            if (!ALGORITHMS.contains(header.getAlgorithm())) {
                throw new JwtRejected(ALGORITHM);
            }
            boolean typOk = header.getType() == null
                    || "JWT".equalsIgnoreCase(header.getType().getType());
            if (!typOk || header.getKeyID() == null || header.getKeyID().isBlank()) {
                throw new JwtRejected(HEADER);
            }
            return SignedJWT.parse(token);
        } catch (ParseException | IllegalArgumentException e) {
            throw new JwtRejected(MALFORMED);
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws JwtRejected {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new JwtRejected(MALFORMED);
        }
    }

    private void checkSignature(SignedJWT jwt, JwksSource keys, String issuer) throws JwtRejected {
        JWSHeader header = jwt.getHeader();
        boolean keyFound = false;
        for (JWK key : keys.keys(header.getKeyID())) {
            JWSVerifier verifier = verifiers
                    .get(
                            new KeyAndAlgorithm(key, header.getAlgorithm()),
                            k -> Optional.ofNullable(verifierFor(k.key(), k.algorithm())))
                    .orElse(null);
            keyFound |= verifier != null;
            if (verifier != null && verifies(jwt, verifier)) {
                return;
            }
        }
        throw new JwtRejected(keyFound ? SIGNATURE : UNKNOWN_KEY, issuer);
    }

    private static boolean verifies(SignedJWT jwt, JWSVerifier verifier) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    /** A verifier when the key fits the algorithm (type, curve, size, {@code use} and {@code alg}), else null. */
    private static JWSVerifier verifierFor(JWK key, JWSAlgorithm alg) {
        boolean usable = (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                && (key.getAlgorithm() == null || alg.equals(key.getAlgorithm()));
        try {
            if (usable && key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                return rsa.size() >= MIN_RSA_BITS ? new RSASSAVerifier(rsa) : null;
            }
            if (usable && key instanceof ECKey ec && ECKey.SUPPORTED_CURVES.contains(ec.getCurve())) {
                if (!Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
                    return null;
                }
                // P-384 verification through the JCA took 3.5 ms (SunEC) or 1.3 ms (Bouncy Castle); with the key's
                // precomputation kept, less: every CDS call pays it, so it bounds the server's throughput
                return new EcdsaKeyVerifier(ec, alg);
            }
        } catch (JOSEException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** Checks {@code exp}, {@code iat} and {@code nbf}; returns how long the {@code jti} must be remembered. */
    private Instant checkTimes(JWTClaimsSet claims, String issuer) throws JwtRejected {
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw new JwtRejected(MISSING_CLAIM, issuer);
        }
        Instant now = clock.instant();
        Duration skew = limits.clockSkew();
        if (now.isAfter(exp.toInstant().plus(skew))) {
            throw new JwtRejected(EXPIRED, issuer);
        }
        Date nbf = claims.getNotBeforeTime();
        if (iat.toInstant().isAfter(now.plus(skew))
                || (nbf != null && nbf.toInstant().isAfter(now.plus(skew)))) {
            throw new JwtRejected(NOT_YET_VALID, issuer);
        }
        Instant tooOldAfter = iat.toInstant().plus(limits.maxAge()).plus(skew);
        if (now.isAfter(tooOldAfter)) {
            throw new JwtRejected(TOO_OLD, issuer);
        }
        // after either instant the token is refused anyway, so its jti need not be remembered longer
        Instant expiry = exp.toInstant().plus(skew);
        return expiry.isBefore(tooOldAfter) ? expiry : tooOldAfter;
    }
}
