package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds the settings as Spring Boot does, without an application context. */
class CdsPropertiesTest {

    private static CdsProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("ichcds.cds", CdsProperties.class);
    }

    private static Map<String, String> pairs(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void defaultsAreSecure() {
        CdsProperties properties = bind(Map.of());

        assertThat(properties.security().enabled()).isTrue();
        assertThat(properties.trustedClients()).isEmpty();
        assertThat(properties.allowHttpFhirServer()).isFalse();
        assertThat(properties.allowHttpJwks()).isFalse();
        assertThat(properties.publicBase()).isNull();
        assertThat(properties.cors().allowedOrigins()).isEmpty();
        assertThat(properties.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.jwt().maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.jwt().replayCacheSize()).isEqualTo(250_000);
    }

    @Test
    void everyKeyBindsFromKebabCase() {
        CdsProperties properties = bind(pairs(
                "ichcds.cds.trusted-clients[0].issuer", "https://ehr.example.org",
                "ichcds.cds.trusted-clients[0].jwks-uri", "file:./data/demo/jwks.json",
                "ichcds.cds.trusted-clients[1].issuer", "https://sandbox.cds-hooks.org",
                "ichcds.cds.trusted-clients[1].jwks-uri", "https://sandbox.cds-hooks.org/.well-known/jwks.json",
                "ichcds.cds.security.enabled", "false",
                "ichcds.cds.allow-http-fhir-server", "true",
                "ichcds.cds.allow-http-jwks", "true",
                "ichcds.cds.public-base-url", "https://cds.example.org/ichcds/",
                "ichcds.cds.cors.allowed-origins", "https://sandbox.cds-hooks.org,http://localhost:3000",
                "ichcds.cds.jwt.clock-skew", "30s",
                "ichcds.cds.jwt.replay-cache-size", "1000"));

        assertThat(properties.trustedClients())
                .extracting(CdsProperties.TrustedClient::issuer, CdsProperties.TrustedClient::jwksUri)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "https://ehr.example.org", URI.create("file:./data/demo/jwks.json")),
                        org.assertj.core.groups.Tuple.tuple(
                                "https://sandbox.cds-hooks.org",
                                URI.create("https://sandbox.cds-hooks.org/.well-known/jwks.json")));
        assertThat(properties.security().enabled()).isFalse();
        assertThat(properties.allowHttpFhirServer()).isTrue();
        assertThat(properties.allowHttpJwks()).isTrue();
        assertThat(properties.publicBase()).isEqualTo("https://cds.example.org/ichcds");
        assertThat(properties.cors().allowedOrigins())
                .containsExactly("https://sandbox.cds-hooks.org", "http://localhost:3000");
        assertThat(properties.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.jwt().maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.jwt().replayCacheSize()).isEqualTo(1000);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> bind(Map.of("ichcds.cds.public-base-url", "ftp://cds.example.org")))
                .rootCause()
                .hasMessageContaining("ftp://cds.example.org");
        assertThatThrownBy(() -> bind(Map.of("ichcds.cds.trusted-clients[0].issuer", "https://ehr")))
                .rootCause()
                .hasMessageContaining("jwks-uri is missing for https://ehr");
        assertThatThrownBy(() -> bind(Map.of("ichcds.cds.jwt.max-age", "0s")))
                .rootCause()
                .hasMessageContaining("max-age");
        assertThatThrownBy(() -> bind(Map.of("ichcds.cds.jwt.replay-cache-size", "0")))
                .rootCause()
                .hasMessageContaining("replay-cache-size");
        assertThatThrownBy(() -> bind(Map.of(
                        "ichcds.cds.trusted-clients[0].issuer", "https://ehr",
                        "ichcds.cds.trusted-clients[0].jwks-uri", "file:/a.json",
                        "ichcds.cds.trusted-clients[1].issuer", "https://ehr",
                        "ichcds.cds.trusted-clients[1].jwks-uri", "file:/b.json")))
                .rootCause()
                .hasMessageContaining("twice");
    }

    @Test
    void httpJwksIsRefusedAtStartupUnlessAllowed() {
        CdsProperties properties = bind(Map.of(
                "ichcds.cds.trusted-clients[0].issuer", "https://ehr",
                "ichcds.cds.trusted-clients[0].jwks-uri", "http://127.0.0.1:9/jwks.json"));
        assertThatThrownBy(() -> CdsSecurityConfig.verifier(properties, null))
                .hasMessageContaining("http://127.0.0.1:9/jwks.json")
                .hasMessageContaining("ichcds.cds.allow-http-jwks");
    }
}
