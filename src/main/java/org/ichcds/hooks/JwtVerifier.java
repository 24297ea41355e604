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
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetAwareJWSKeySelector;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the JWT a CDS client sends in {@code Authorization: Bearer} (CDS Hooks 2.0 §trusting-cds-clients): an
 * asymmetric signature by a key of a trusted issuer, the audience equal to the endpoint called, {@code exp},
 * {@code iat} and a {@code jti} not seen before. Composed from nimbus-jose-jwt's {@link DefaultJWTProcessor}: a key
 * selector that takes the keys from the JWKS configured for the token's issuer, a verifier factory that plugs in the
 * precomputing ECDSA verifier, and a claims verifier built on {@link DefaultJWTClaimsVerifier}; what is ours is the
 * choice of keys, the age limit and the replay check. Pure: no Spring, no servlet types. A {@code jku} header is
 * ignored: keys come only from the JWKS configured for the issuer, since fetching a URL the token names would let the
 * caller choose the keys that verify it.
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

    /** The one thing a call adds to the processor's fixed configuration: the endpoint it was made to. */
    private record Call(String audience) implements SecurityContext {}

    /** A refusal raised inside the processor, carried out of it with its reason. */
    private static final class Refused extends KeySourceException {
        private final JwtRejected rejected;

        Refused(JwtRejected rejected) {
            super(rejected.reason().name());
            this.rejected = rejected;
        }
    }

    /** The same, from the claims verifier (whose contract allows only BadJWTException). */
    private static final class RefusedClaims extends BadJWTException {
        private final JwtRejected rejected;

        RefusedClaims(JwtRejected rejected) {
            super(rejected.reason().name());
            this.rejected = rejected;
        }
    }

    private final DefaultJWTProcessor<Call> processor = new DefaultJWTProcessor<>();
    private final JtiRegistry replayCache;
    private final CdsClaims claimsChecks;

    JwtVerifier(Map<String, JwksSource> keysByIssuer, JtiRegistry replayCache, CdsProperties.Jwt limits, Clock clock) {
        this.replayCache = replayCache;
        Map<String, JwksSource> keys = Map.copyOf(keysByIssuer);
        // typ "JWT" (any case) or none, as the parse check below already demands
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("jwt"), null));
        processor.setJWTClaimsSetAwareJWSKeySelector(new IssuerKeys(keys));
        processor.setJWSVerifierFactory(new FastVerifiers());
        this.claimsChecks = new CdsClaims(limits, clock);
        processor.setJWTClaimsSetVerifier(claimsChecks);
    }

    /**
     * @param token the compact JWS from the {@code Authorization} header
     * @param expectedAudience the exact URL of the endpoint called
     * @throws JwtRejected with the reason category when anything is wrong
     */
    Verified verify(String token, String expectedAudience) throws JwtRejected {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, new Call(expectedAudience));
        } catch (Refused e) {
            throw e.rejected;
        } catch (RefusedClaims e) {
            throw e.rejected;
        } catch (BadJWSException e) {
            throw new JwtRejected(SIGNATURE, issuerOf(jwt));
        } catch (BadJOSEException e) {
            throw new JwtRejected(HEADER, issuerOf(jwt));
        } catch (JOSEException e) {
            throw new JwtRejected(SIGNATURE, issuerOf(jwt));
        }
        String issuer = claims.getIssuer();
        String jti = claims.getJWTID();
        switch (replayCache.firstUse(issuer, jti, claimsChecks.rememberUntil(claims))) {
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
            SignedJWT jwt = SignedJWT.parse(token);
            jwt.getJWTClaimsSet(); // a payload that is not a claims set is malformed, not a bad signature
            return jwt;
        } catch (ParseException | IllegalArgumentException e) {
            throw new JwtRejected(MALFORMED);
        }
    }

    private static String issuerOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return null;
        }
    }

    /** The keys of the token's issuer with the header's {@code kid} that fit its algorithm; refusals name why not. */
    private record IssuerKeys(Map<String, JwksSource> keysByIssuer) implements JWTClaimsSetAwareJWSKeySelector<Call> {

        @Override
        public List<? extends Key> selectKeys(JWSHeader header, JWTClaimsSet claims, Call call)
                throws KeySourceException {
            String issuer = claims.getIssuer();
            if (issuer == null) {
                throw new Refused(new JwtRejected(MISSING_CLAIM));
            }
            JwksSource keys = keysByIssuer.get(issuer);
            if (keys == null) {
                throw new Refused(new JwtRejected(UNTRUSTED_ISSUER, issuer));
            }
            List<PublicKey> usable = new ArrayList<>();
            try {
                for (JWK key : keys.keys(header.getKeyID())) {
                    PublicKey publicKey = publicKey(key, header.getAlgorithm());
                    if (publicKey != null) {
                        usable.add(publicKey);
                    }
                }
            } catch (JwtRejected rejected) {
                throw new Refused(rejected);
            }
            if (usable.isEmpty()) {
                throw new Refused(new JwtRejected(UNKNOWN_KEY, issuer));
            }
            return usable;
        }

        /** The public key when it fits the algorithm (type, curve, size, {@code use} and {@code alg}), else null. */
        private static PublicKey publicKey(JWK key, JWSAlgorithm alg) {
            boolean usable = (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                    && (key.getAlgorithm() == null || alg.equals(key.getAlgorithm()));
            try {
                if (usable && key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                    return rsa.size() >= MIN_RSA_BITS ? rsa.toRSAPublicKey() : null;
                }
                if (usable
                        && key instanceof ECKey ec
                        && ECKey.SUPPORTED_CURVES.contains(ec.getCurve())
                        && Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
                    return ec.toECPublicKey();
                }
            } catch (JOSEException | IllegalArgumentException e) {
                return null;
            }
            return null;
        }
    }

    /**
     * nimbus's verifier factory, with ECDSA verified by {@link EcdsaKeyVerifier}, one per key and algorithm: P-384
     * verification through the JCA took 3.5 ms (SunEC) or 1.3 ms (Bouncy Castle); with the key's precomputation kept,
     * less. Every CDS call pays it, so it bounds the server's throughput.
     */
    private static final class FastVerifiers implements JWSVerifierFactory {

        private record KeyAndAlgorithm(PublicKey key, JWSAlgorithm algorithm) {}

        private final JWSVerifierFactory standard = new DefaultJWSVerifierFactory();
        private final Cache<KeyAndAlgorithm, JWSVerifier> ecdsa = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterAccess(Duration.ofHours(1))
                .build();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (key instanceof ECPublicKey ec && JWSAlgorithm.Family.EC.contains(header.getAlgorithm())) {
                try {
                    return ecdsa.get(
                            new KeyAndAlgorithm(ec, header.getAlgorithm()),
                            k -> new EcdsaKeyVerifier((ECPublicKey) k.key(), k.algorithm()));
                } catch (IllegalArgumentException e) {
                    throw new JOSEException(e.getMessage(), e);
                }
            }
            return standard.createJWSVerifier(header, key);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return standard.getJCAContext();
        }
    }

    /**
     * nimbus's claims checks ({@code iss}, {@code exp}, {@code iat}, {@code jti} present; {@code exp} and
     * {@code nbf} against the clock with the allowed skew), then ours: the audience is the endpoint called, and
     * {@code iat} is neither in the future nor older than the maximum age.
     */
    private static final class CdsClaims extends DefaultJWTClaimsVerifier<Call> {

        private final CdsProperties.Jwt limits;
        private final Clock clock;

        CdsClaims(CdsProperties.Jwt limits, Clock clock) {
            super(null, null, Set.of("iss", "exp", "iat", "jti"), null); // no aud: its absence is an audience refusal
            setMaxClockSkew((int) limits.clockSkew().toSeconds());
            this.limits = limits;
            this.clock = clock;
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, Call call) throws BadJWTException {
            String issuer = claims.getIssuer();
            try {
                super.verify(claims, call);
            } catch (BadJWTException e) {
                throw new RefusedClaims(new JwtRejected(reason(e), issuer));
            }
            if (claims.getJWTID().isBlank()) {
                throw new RefusedClaims(new JwtRejected(MISSING_CLAIM, issuer));
            }
            if (!claims.getAudience().contains(call.audience())) {
                throw new RefusedClaims(new JwtRejected(AUDIENCE, issuer));
            }
            Instant now = clock.instant();
            Duration skew = limits.clockSkew();
            if (claims.getIssueTime().toInstant().isAfter(now.plus(skew))) {
                throw new RefusedClaims(new JwtRejected(NOT_YET_VALID, issuer));
            }
            if (now.isAfter(
                    claims.getIssueTime().toInstant().plus(limits.maxAge()).plus(skew))) {
                throw new RefusedClaims(new JwtRejected(TOO_OLD, issuer));
            }
        }

        /** nimbus names its refusals in the message only (DefaultJWTClaimsVerifier, nimbus-jose-jwt 10). */
        private static JwtRejected.Reason reason(BadJWTException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Expired JWT")) {
                return EXPIRED;
            }
            if (message.startsWith("JWT before use time")) {
                return NOT_YET_VALID;
            }
            if (message.startsWith("JWT missing required")) {
                return MISSING_CLAIM;
            }
            return MALFORMED;
        }

        /**
         * How long the {@code jti} must be remembered: after {@code exp} or the maximum age (plus skew), whichever is
         * first, the token is refused anyway.
         */
        Instant rememberUntil(JWTClaimsSet claims) {
            Duration skew = limits.clockSkew();
            Instant expiry = claims.getExpirationTime().toInstant().plus(skew);
            Instant tooOldAfter =
                    claims.getIssueTime().toInstant().plus(limits.maxAge()).plus(skew);
            return expiry.isBefore(tooOldAfter) ? expiry : tooOldAfter;
        }
    }
}
