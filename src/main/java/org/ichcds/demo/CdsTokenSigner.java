package org.ichcds.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;
import org.ichcds.hooks.JwtVerifier;

/**
 * Plays the CDS client's side of CDS Hooks 2.0 §trusting-cds-clients, for the demo and for tests: holds a freshly
 * generated key pair, publishes its public half as a JWKS the server can trust ({@code ichcds.cds.trusted-clients[N]
 * .jwks-uri: file:...}), and signs the bearer tokens a CDS client sends.
 *
 * <pre>{@code
 * CdsTokenSigner signer = CdsTokenSigner.es384("https://ehr.example.org");
 * CdsTokenSigner.writePublicJwks(Path.of("data/demo/jwks.json"), signer);
 * String token = signer.sign("http://127.0.0.1:8080/cds-services/ich-study-complete");
 * }</pre>
 */
public final class CdsTokenSigner {

    /** The CDS Hooks sandbox issues tokens valid for 300 s. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final String issuer;
    private final JWK key;
    private final JWSSigner signer;

    private CdsTokenSigner(String issuer, JWK key, JWSSigner signer) {
        this.issuer = issuer;
        this.key = key;
        this.signer = signer;
    }

    /** A signer with a new P-384 key for ES384, the algorithm the CDS Hooks sandbox uses. */
    public static CdsTokenSigner es384(String issuer) {
        return generate(issuer, "ES384");
    }

    /**
     * A signer with a new key pair.
     *
     * @param algorithm one of RS256, RS384, RS512 (2048-bit RSA key), ES256, ES384, ES512
     * @throws IllegalArgumentException naming an algorithm outside that list
     */
    public static CdsTokenSigner generate(String issuer, String algorithm) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer is missing");
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(String.valueOf(algorithm));
        if (!JwtVerifier.ALGORITHMS.contains(alg)) {
            throw new IllegalArgumentException("unsupported signing algorithm: " + algorithm);
        }
        String kid = UUID.randomUUID().toString();
        try {
            if (JWSAlgorithm.Family.RSA.contains(alg)) {
                RSAKey rsa = new RSAKeyGenerator(2048)
                        .keyID(kid)
                        .algorithm(alg)
                        .keyUse(KeyUse.SIGNATURE)
                        .generate();
                return new CdsTokenSigner(issuer, rsa, new RSASSASigner(rsa));
            }
            Curve curve = Curve.forJWSAlgorithm(alg).iterator().next();
            ECKey ec = new ECKeyGenerator(curve)
                    .keyID(kid)
                    .algorithm(alg)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            return new CdsTokenSigner(issuer, ec, new ECDSASigner(ec));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key: " + e.getMessage(), e);
        }
    }

    String issuer() {
        return issuer;
    }

    public String keyId() {
        return key.getKeyID();
    }

    String algorithm() {
        return key.getAlgorithm().getName();
    }

    /** A token for one call to {@code audience} (the exact endpoint URL), issued now, with a fresh {@code jti}. */
    public String sign(String audience) {
        return sign(audience, Instant.now(), DEFAULT_LIFETIME, UUID.randomUUID().toString());
    }

    /** A token with {@code iss}, {@code sub} (the issuer), {@code aud}, {@code iat}, {@code exp} and {@code jti}. */
    public String sign(String audience, Instant issuedAt, Duration lifetime, String jwtId) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(issuer)
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .jwtID(jwtId)
                .build();
        return sign(header().build(), claims);
    }

    /** The header this signer uses: its algorithm, {@code typ} JWT, its {@code kid}. */
    public JWSHeader.Builder header() {
        return new JWSHeader.Builder((JWSAlgorithm) key.getAlgorithm())
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID());
    }

    /** Signs any header and claims with this key; tests use it to build unusual tokens. */
    public String sign(JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The public key, as the JWK a server would fetch. */
    public JWK publicKey() {
        return key.toPublicJWK();
    }

    /** The public keys of these signers as a JWKS document (no private parts). */
    public static String publicJwks(CdsTokenSigner... signers) {
        return new JWKSet(Arrays.stream(signers).map(CdsTokenSigner::publicKey).toList()).toString(true);
    }

    /** Writes {@link #publicJwks} to {@code file}, creating its folder; returns the file. */
    public static Path writePublicJwks(Path file, CdsTokenSigner... signers) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, publicJwks(signers), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JWKS " + file + ": " + e.getMessage(), e);
        }
    }
}
