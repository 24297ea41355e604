package org.ichcds.authserver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Verifies a client's JWT assertion with the keys registered for it (not fetched from a URL) and the one algorithm it
 * registered, with Spring's checks ({@code iss} = {@code sub} = client id, {@code aud} = this server, expiry) and the
 * two SMART Backend Services adds: {@code exp} at most 5 minutes ahead, and a {@code jti} never used before.
 */
final class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private final RegisteredClients clients;
    private final Clock clock;
    // a jti is remembered for as long as an assertion carrying it could still be accepted
    private final Cache<String, Boolean> seen = Caffeine.newBuilder()
            .expireAfterWrite(MAX_LIFETIME.plusMinutes(1))
            .maximumSize(100_000)
            .build();

    ClientAssertionDecoders(RegisteredClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        RegisteredClients.Client known = clients.find(client.getClientId())
                .orElseThrow(() -> new IllegalArgumentException("unknown client " + client.getClientId()));
        JWSAlgorithm algorithm = JWSAlgorithm.parse(client.getClientSettings()
                .getTokenEndpointAuthenticationSigningAlgorithm()
                .getName());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(known.keys())));
        // claims are checked by the validators below, in Spring's terms
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client),
                this::shortLived,
                this::unused));
        return decoder;
    }

    private OAuth2TokenValidatorResult shortLived(Jwt assertion) {
        Instant exp = assertion.getExpiresAt();
        if (exp == null || exp.isAfter(clock.instant().plus(MAX_LIFETIME))) {
            return invalid("the client assertion must expire within 5 minutes");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private OAuth2TokenValidatorResult unused(Jwt assertion) {
        String jti = assertion.getId();
        if (jti == null || jti.isBlank()) {
            return invalid("the client assertion has no jti");
        }
        String key = assertion.getSubject() + "|" + jti;
        if (seen.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            return invalid("the client assertion's jti was used before");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", description, null));
    }
}
