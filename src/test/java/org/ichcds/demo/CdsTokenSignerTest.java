package org.ichcds.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTokenSignerTest {

    @TempDir
    Path dir;

    @Test
    void signsTheClaimsOfTheSpecWithAFreshJtiEachTime() throws Exception {
        CdsTokenSigner signer = CdsTokenSigner.es384("https://ehr.example.org");
        String aud = "http://127.0.0.1:8080/cds-services/ich-study-complete";

        SignedJWT first = SignedJWT.parse(signer.sign(aud));
        SignedJWT second = SignedJWT.parse(signer.sign(aud));

        assertThat(first.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
        assertThat(first.getHeader().getKeyID()).isEqualTo(signer.keyId());
        assertThat(first.getHeader().getType().getType()).isEqualTo("JWT");
        var claims = first.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://ehr.example.org");
        assertThat(claims.getSubject()).isEqualTo("https://ehr.example.org");
        assertThat(claims.getAudience()).containsExactly(aud);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(CdsTokenSigner.DEFAULT_LIFETIME.toMillis());
        assertThat(claims.getJWTID())
                .isNotBlank()
                .isNotEqualTo(second.getJWTClaimsSet().getJWTID());
    }

    @Test
    void writesOnlyPublicKeys() throws Exception {
        CdsTokenSigner es = CdsTokenSigner.es384("https://ehr.example.org");
        CdsTokenSigner rs = CdsTokenSigner.generate("https://ehr.example.org", "RS384");

        Path file = CdsTokenSigner.writePublicJwks(dir.resolve("keys/jwks.json"), es, rs);

        JWKSet set = JWKSet.parse(Files.readString(file));
        assertThat(set.getKeys()).hasSize(2).noneMatch(k -> k.isPrivate());
        assertThat(set.getKeyByKeyId(rs.keyId()).getAlgorithm().getName()).isEqualTo("RS384");
    }

    @Test
    void refusesAlgorithmsTheServerWouldRefuse() {
        assertThatThrownBy(() -> CdsTokenSigner.generate("https://ehr", "HS256"))
                .hasMessageContaining("HS256");
        assertThatThrownBy(() -> CdsTokenSigner.generate("https://ehr", "none")).hasMessageContaining("none");
        assertThatThrownBy(() -> CdsTokenSigner.generate(" ", "ES384")).hasMessageContaining("issuer");
    }
}
