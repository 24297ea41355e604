package org.ichcds.hooks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.demo.CdsTokenSigner;

/** Two trusted issuers with keys of every accepted algorithm, JWKS files in a folder, and a verifier on a test clock. */
final class JwtFixture {

    static final String ISSUER = "https://ehr.example.org";
    static final String OTHER_ISSUER = "https://other-ehr.example.org";
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final List<String> ALGORITHMS = List.of("ES384", "RS384", "ES256", "RS256", "ES512", "RS512");

    /** Key generation (RSA above all) is slow: one set of signers for every test. */
    private static final Map<String, CdsTokenSigner> SIGNERS = new LinkedHashMap<>();

    private static final CdsTokenSigner OTHER = CdsTokenSigner.es384(OTHER_ISSUER);

    static {
        ALGORITHMS.forEach(alg -> SIGNERS.put(alg, CdsTokenSigner.generate(ISSUER, alg)));
    }

    final TestClock clock = new TestClock(NOW);
    final JtiReplayCache replayCache = new JtiReplayCache(1000, clock);
    final JwtVerifier verifier;

    JwtFixture(Path dir) {
        this(dir, null);
    }

    /** With {@code registry} remembering the {@code jti} values instead of the fixture's in-memory cache. */
    JwtFixture(Path dir, JtiRegistry registry) {
        Path jwks = CdsTokenSigner.writePublicJwks(
                dir.resolve("ehr-jwks.json"), SIGNERS.values().toArray(CdsTokenSigner[]::new));
        Path otherJwks = CdsTokenSigner.writePublicJwks(dir.resolve("other-jwks.json"), OTHER);
        Map<String, JwksSource> keys = Map.of(
                ISSUER, JwksSource.of(jwks.toUri(), false, JwksSource.defaultHttpClient(), clock),
                OTHER_ISSUER, JwksSource.of(otherJwks.toUri(), false, JwksSource.defaultHttpClient(), clock));
        verifier = new JwtVerifier(
                keys,
                registry == null ? replayCache : registry,
                new CdsProperties.Jwt(Duration.ofSeconds(60), Duration.ofHours(1), 1000, null),
                clock);
    }

    static CdsTokenSigner signer(String algorithm) {
        return SIGNERS.get(algorithm);
    }

    static CdsTokenSigner otherIssuer() {
        return OTHER;
    }

    /** A valid ES384 token for this audience, issued at the fixture's "now". */
    static String token(String audience, String jti) {
        return signer("ES384").sign(audience, NOW, Duration.ofMinutes(5), jti);
    }
}
