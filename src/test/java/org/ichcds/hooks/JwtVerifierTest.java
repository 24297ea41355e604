package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ichcds.hooks.JwtFixture.ISSUER;
import static org.ichcds.hooks.JwtFixture.NOW;
import static org.ichcds.hooks.JwtFixture.signer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.hooks.JwtRejected.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {

    private static final String AUD = "https://cds.example.org/cds-services/ich-study-complete";

    @TempDir
    Path dir;

    private JwtFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new JwtFixture(dir);
    }

    private Reason rejection(String token) {
        return rejection(token, AUD);
    }

    private Reason rejection(String token, String audience) {
        JwtRejected rejected = catchThrowableOfType(JwtRejected.class, () -> fixture.verifier.verify(token, audience));
        assertThat(rejected).as("token must be refused").isNotNull();
        return rejected.reason();
    }

    private static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUD)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .jwtID("jti-1");
    }

    private static String es384(JWTClaimsSet claims) {
        return signer("ES384").sign(signer("ES384").header().build(), claims);
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES384", "RS384", "ES256", "RS256", "ES512", "RS512"})
    void acceptsEveryAsymmetricAlgorithmOfTheSpec(String algorithm) throws JwtRejected {
        String token = signer(algorithm).sign(AUD, NOW, Duration.ofMinutes(5), "jti-" + algorithm);

        JwtVerifier.Verified client = fixture.verifier.verify(token, AUD);

        assertThat(client.issuer()).isEqualTo(ISSUER);
        assertThat(client.jwtId()).isEqualTo("jti-" + algorithm);
        assertThat(client.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void acceptsAnAudienceArrayThatContainsTheEndpoint() throws JwtRejected {
        String token =
                es384(validClaims().audience(List.of("https://elsewhere", AUD)).build());
        assertThat(fixture.verifier.verify(token, AUD).issuer()).isEqualTo(ISSUER);
    }

    @Test
    void acceptsATokenWithoutTyp() throws JwtRejected {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES384)
                .keyID(signer("ES384").keyId())
                .build();
        assertThat(fixture.verifier.verify(
                        signer("ES384").sign(header, validClaims().build()), AUD))
                .isNotNull();
    }

    @Test
    void missingTokenIsRefused() {
        assertThat(rejection(null)).isEqualTo(Reason.MISSING_TOKEN);
        assertThat(rejection(" ")).isEqualTo(Reason.MISSING_TOKEN);
    }

    @Test
    void expiredTokenIsRefusedButClockSkewIsTolerated() throws JwtRejected {
        fixture.clock.advance(Duration.ofSeconds(300 + 59));
        assertThat(fixture.verifier.verify(JwtFixture.token(AUD, "within-skew"), AUD))
                .isNotNull();

        fixture.clock.advance(Duration.ofSeconds(2));
        assertThat(rejection(JwtFixture.token(AUD, "expired"))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void tokenIssuedInTheFutureIsRefused() {
        String token = signer("ES384").sign(AUD, NOW.plusSeconds(120), Duration.ofMinutes(5), "future");
        assertThat(rejection(token)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void tokenNotValidBeforeALaterTimeIsRefused() {
        String token = es384(
                validClaims().notBeforeTime(Date.from(NOW.plusSeconds(600))).build());
        assertThat(rejection(token)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void tokenIssuedLongerAgoThanTheMaxAgeIsRefused() {
        Instant issued = NOW.minus(Duration.ofMinutes(62));
        String token = signer("ES384").sign(AUD, issued, Duration.ofHours(24), "old");
        assertThat(rejection(token)).isEqualTo(Reason.TOO_OLD);
    }

    @Test
    void tokenForAnotherEndpointIsRefused() {
        String token = JwtFixture.token(AUD, "aud");
        assertThat(rejection(token, AUD + "/feedback")).isEqualTo(Reason.AUDIENCE);
        String noAudience = es384(validClaims().audience((String) null).build());
        assertThat(rejection(noAudience)).isEqualTo(Reason.AUDIENCE);
    }

    @Test
    void untrustedIssuerIsRefused() {
        CdsTokenSigner stranger = CdsTokenSigner.es384("https://stranger.example.org");
        assertThat(rejection(stranger.sign(AUD))).isEqualTo(Reason.UNTRUSTED_ISSUER);
    }

    @Test
    void keyOfAnotherTrustedIssuerDoesNotCount() {
        // the other issuer's key id is not in this issuer's JWKS
        CdsTokenSigner other = JwtFixture.otherIssuer();
        String token = other.sign(other.header().build(), validClaims().build());
        assertThat(rejection(token)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void unknownKeyIdIsRefused() {
        CdsTokenSigner unlisted = CdsTokenSigner.es384(ISSUER);
        assertThat(rejection(unlisted.sign(AUD))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void keyOfTheWrongTypeOrCurveForTheAlgorithmIsNotUsed() {
        String es256 = signer("ES256").sign(AUD, NOW, Duration.ofMinutes(5), "curve");
        String[] parts = es256.split("\\.");
        String asEs384 = b64("{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\""
                + signer("ES256").keyId() + "\"}");
        String asRs256 = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\""
                + signer("ES256").keyId() + "\"}");
        assertThat(rejection(asEs384 + "." + parts[1] + "." + parts[2])).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(rejection(asRs256 + "." + parts[1] + "." + parts[2])).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        String header = b64(
                "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + signer("ES384").keyId() + "\"}");
        String payload = b64(validClaims().build().toString());
        assertThat(rejection(header + "." + payload + ".")).isEqualTo(Reason.ALGORITHM);
        assertThat(rejection(header + "." + payload + ".c2ln")).isEqualTo(Reason.ALGORITHM);
        String upper = b64("{\"alg\":\"NONE\",\"kid\":\"x\"}");
        assertThat(rejection(upper + "." + payload + ".")).isEqualTo(Reason.ALGORITHM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void hmacSignedWithThePublicKeyIsRefused(String algorithm) throws Exception {
        // the classic confusion attack: the public key, which anyone can fetch, used as the HMAC secret
        CdsTokenSigner rsa = signer("RS384");
        byte[] secret = rsa.publicKey().toRSAKey().toRSAPublicKey().getEncoded();
        JWSObject forged = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.parse(algorithm))
                        .type(JOSEObjectType.JWT)
                        .keyID(rsa.keyId())
                        .build(),
                new Payload(validClaims().build().toJSONObject()));
        forged.sign(new MACSigner(secret));

        assertThat(rejection(forged.serialize())).isEqualTo(Reason.ALGORITHM);
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = JwtFixture.token(AUD, "tamper").split("\\.");
        String changed =
                b64(validClaims().subject("admin").jwtID("tamper").build().toString());
        assertThat(rejection(parts[0] + "." + changed + "." + parts[2])).isEqualTo(Reason.SIGNATURE);
        assertThat(rejection(parts[0] + "." + parts[1] + "." + b64("not the signature")))
                .isEqualTo(Reason.SIGNATURE);
    }

    @Test
    void replayedJtiIsRefused() throws JwtRejected {
        String token = JwtFixture.token(AUD, "once");
        fixture.verifier.verify(token, AUD);

        assertThat(rejection(token)).isEqualTo(Reason.REPLAYED);
        String sameJtiOtherAudience = JwtFixture.token(AUD + "/feedback", "once");
        assertThat(rejection(sameJtiOtherAudience, AUD + "/feedback")).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void sameJtiFromAnotherIssuerIsNotAReplay() throws JwtRejected {
        fixture.verifier.verify(JwtFixture.token(AUD, "shared"), AUD);
        CdsTokenSigner other = JwtFixture.otherIssuer();
        String token = other.sign(AUD, NOW, Duration.ofMinutes(5), "shared");
        assertThat(fixture.verifier.verify(token, AUD).issuer()).isEqualTo(JwtFixture.OTHER_ISSUER);
    }

    @Test
    void refusedTokensDoNotUseUpTheirJti() throws JwtRejected {
        String wrongAudience = JwtFixture.token(AUD + "/feedback", "kept");
        rejection(wrongAudience);
        assertThat(fixture.verifier.verify(JwtFixture.token(AUD, "kept"), AUD)).isNotNull();
    }

    @Test
    void requiredClaimsMustBePresent() {
        assertThat(rejection(es384(validClaims().jwtID(null).build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(rejection(es384(validClaims().jwtID(" ").build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(rejection(es384(validClaims().expirationTime(null).build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(rejection(es384(validClaims().issueTime(null).build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(rejection(es384(validClaims().issuer(null).build()))).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void headerMustNameAKeyAndBeTypedJwt() {
        CdsTokenSigner es = signer("ES384");
        String noKid = es.sign(
                new JWSHeader.Builder(JWSAlgorithm.ES384).build(), validClaims().build());
        String wrongTyp = es.sign(
                es.header().type(new JOSEObjectType("at+jwt")).build(),
                validClaims().build());
        assertThat(rejection(noKid)).isEqualTo(Reason.HEADER);
        assertThat(rejection(wrongTyp)).isEqualTo(Reason.HEADER);
    }

    @Test
    void hostileTokensAreRefusedAsMalformed() {
        String header = b64("{\"alg\":\"ES384\",\"kid\":\"k\"}");
        assertThat(rejection("not-a-jwt")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection("a.b.c")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection("....")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection(b64("[1,2]") + ".e30.c2ln")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection(b64("{\"alg\":384,\"kid\":\"k\"}") + ".e30.c2ln")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection(header + "." + b64("not json") + ".c2ln")).isEqualTo(Reason.MALFORMED);
        assertThat(rejection(header + "." + b64("{\"exp\":\"tomorrow\"}") + ".c2ln"))
                .isEqualTo(Reason.MALFORMED);
        assertThat(rejection(header + ".e30." + "A".repeat(JwtVerifier.MAX_TOKEN_CHARS)))
                .isEqualTo(Reason.MALFORMED);
        String deep = "[".repeat(2000) + "]".repeat(2000);
        assertThat(rejection(header + "." + b64("{\"iss\":" + deep + "}") + ".c2ln"))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void encryptedTokensAreNotSignaturesAndAreRefused() {
        assertThat(rejection(b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d"))
                .isEqualTo(Reason.ALGORITHM);
    }
}
