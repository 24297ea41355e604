package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lightweight ECDSA verifier against signatures made by nimbus-jose-jwt's signer (the JCA). */
class EcdsaKeyVerifierTest {

    @ParameterizedTest
    @CsvSource({"ES256, P-256", "ES384, P-384", "ES512, P-521"})
    void acceptsWhatTheSignerSignedAndNothingElse(String alg, String curve) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
        ECKey key = new ECKeyGenerator(Curve.parse(curve)).keyID("k").generate();
        EcdsaKeyVerifier verifier = new EcdsaKeyVerifier(key.toPublicJWK(), algorithm);
        SignedJWT jwt = signed(key, algorithm, "a");

        assertThat(jwt.verify(verifier)).isTrue();

        // another token's signature, a flipped bit, a truncated or empty signature
        SignedJWT other = signed(key, algorithm, "b");
        assertThat(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), other.getSignature()))
                .isFalse();
        byte[] flipped = jwt.getSignature().decode();
        flipped[flipped.length / 3] ^= 1;
        assertThat(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), Base64URL.encode(flipped)))
                .isFalse();
        byte[] truncated = java.util.Arrays.copyOf(jwt.getSignature().decode(), flipped.length - 1);
        assertThat(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), Base64URL.encode(truncated)))
                .isFalse();
        assertThat(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), Base64URL.encode(new byte[0])))
                .isFalse();
        // r = s = 0 verifies every message under a broken check (CVE-2022-21449)
        assertThat(verifier.verify(jwt.getHeader(), jwt.getSigningInput(), Base64URL.encode(new byte[flipped.length])))
                .isFalse();
        // a different key
        ECKey stranger = new ECKeyGenerator(Curve.parse(curve)).keyID("k").generate();
        assertThat(jwt.verify(new EcdsaKeyVerifier(stranger.toPublicJWK(), algorithm)))
                .isFalse();
    }

    @Test
    void refusesAHeaderWithAnotherAlgorithm() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k").generate();
        SignedJWT jwt = signed(key, JWSAlgorithm.ES384, "a");
        EcdsaKeyVerifier verifier = new EcdsaKeyVerifier(key.toPublicJWK(), JWSAlgorithm.ES384);
        JWSHeader es256 = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k").build();

        assertThat(verifier.verify(es256, jwt.getSigningInput(), jwt.getSignature()))
                .isFalse();
        assertThat(verifier.verify(jwt.getHeader(), "other".getBytes(StandardCharsets.US_ASCII), jwt.getSignature()))
                .isFalse();
    }

    @Test
    void refusesAKeyOnAnotherCurveOrANonEcdsaAlgorithm() throws Exception {
        ECKey p256 = new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK();

        assertThatThrownBy(() -> new EcdsaKeyVerifier(p256, JWSAlgorithm.ES384))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EcdsaKeyVerifier(p256, JWSAlgorithm.RS256))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SignedJWT signed(ECKey key, JWSAlgorithm algorithm, String jti) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm).keyID("k").build(),
                new JWTClaimsSet.Builder().jwtID(jti).build());
        jwt.sign(new ECDSASigner(key));
        return SignedJWT.parse(jwt.serialize());
    }
}
