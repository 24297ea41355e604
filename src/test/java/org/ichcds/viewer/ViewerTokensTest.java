package org.ichcds.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ViewerTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

    private ViewerTokens tokens(Instant at, String secret) {
        return new ViewerTokens(
                new ViewerProperties(Duration.ofHours(1), secret, false), Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void opensItsAnalysisUntilItExpires() {
        String token = tokens(now, SECRET).issue("a-1");
        assertThat(tokens(now.plusSeconds(3599), SECRET).verify(token, "a-1")).isEqualTo(ViewerTokens.Verdict.VALID);
        assertThat(tokens(now.plusSeconds(3600), SECRET).verify(token, "a-1")).isEqualTo(ViewerTokens.Verdict.EXPIRED);
        assertThat(tokens(now, SECRET).verify(token, "a-2")).isEqualTo(ViewerTokens.Verdict.OTHER_ANALYSIS);
    }

    @Test
    void refusesForgedTamperedAndMalformedTokens() {
        ViewerTokens tokens = tokens(now, SECRET);
        String token = tokens.issue("a-1");
        String[] parts = token.split("\\.");
        String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 86400) + "." + parts[2];
        assertThat(tokens.verify(longer, "a-1")).isEqualTo(ViewerTokens.Verdict.FORGED);
        assertThat(tokens(now, "another-secret-another-secret-xx").verify(token, "a-1"))
                .isEqualTo(ViewerTokens.Verdict.FORGED);
        assertThat(tokens.verify("abc", "a-1")).isEqualTo(ViewerTokens.Verdict.MALFORMED);
        assertThat(tokens.verify("a.b.c", "a-1")).isEqualTo(ViewerTokens.Verdict.MALFORMED);
        assertThat(tokens.verify(null, "a-1")).isEqualTo(ViewerTokens.Verdict.MISSING);
    }

    @Test
    void withoutASecretEachServerStartSignsWithItsOwnKey() {
        String token = tokens(now, "").issue("a-1");
        assertThat(tokens(now, "").verify(token, "a-1")).isEqualTo(ViewerTokens.Verdict.FORGED);
    }

    @Test
    void aRequiredSecretThatIsMissingStopsTheStartWithWhatToSet() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ViewerProperties(Duration.ofHours(1), "", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ichcds.viewer.token-secret is required")
                .hasMessageContaining("at least 32 random characters");
        org.assertj.core.api.Assertions.assertThat(
                        new ViewerProperties(Duration.ofHours(1), "x".repeat(32), true).tokenSecret())
                .hasSize(32);
    }
}
