package org.ichcds.fhir;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * {@code /fhir} as an OAuth2 resource server: a bearer JWT from the configured authorization server, for this FHIR
 * base URL, on every call but the CapabilityStatement and the SMART configuration; what the token's scopes allow is
 * decided in HAPI by {@link SmartAuthorizationInterceptor}. Refusals carry a FHIR OperationOutcome.
 */
@Configuration(proxyBeanMethods = false)
class FhirSecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(FhirSecurityConfig.class);

    // RFC 7518 signature algorithms an authorization server may sign access tokens with (no "none", no HMAC)
    private static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(
            SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512,
            SignatureAlgorithm.ES256,
            SignatureAlgorithm.ES384,
            SignatureAlgorithm.PS256,
            SignatureAlgorithm.PS384);

    @Bean
    TokenScopes tokenScopes() {
        return new TokenScopes();
    }

    @Bean
    BearerTokens bearerTokens(FhirSecurityProperties properties) {
        return new BearerTokens(decoder(properties), properties.configured());
    }

    @Bean
    @Order(10)
    SecurityFilterChain fhirSecurity(
            HttpSecurity http, FhirSecurityProperties properties, AuditRecorder trail, MeterRegistry meters)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        AuthenticationEntryPoint bearer = operationOutcome(new BearerTokenAuthenticationEntryPoint(), properties);
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            audit(trail, request, 401, e.getMessage());
            meters.counter("ichcds.fhir.refused", "status", "401").increment();
            bearer.commence(request, response, e);
        };
        AccessDeniedHandler forbidden = (request, response, e) -> {
            audit(trail, request, 403, e.getMessage());
            meters.counter("ichcds.fhir.refused", "status", "403").increment();
            new BearerTokenAccessDeniedHandler().handle(request, response, e);
            OperationOutcomes.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", e.getMessage());
        };
        http.securityMatcher(paths.matcher("/fhir/**"))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                paths.matcher(HttpMethod.GET, "/fhir/metadata"),
                                paths.matcher(HttpMethod.GET, "/fhir/.well-known/smart-configuration"),
                                paths.matcher(HttpMethod.OPTIONS, "/fhir/**"))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.decoder(decoder(properties)))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // bearer tokens, no cookies: nothing for a forged request to ride on
                .cors(cors -> cors.configurationSource(cors(properties.corsAllowedOrigins())));
        return http.build();
    }

    /** A call refused before HAPI: who is unknown (no verified token), where from and what was asked are not. */
    private static void audit(AuditRecorder trail, HttpServletRequest request, int status, String reason) {
        trail.record(AuditEntry.now(
                AuditKind.FHIR_REFUSED,
                request.getMethod() + " " + request.getRequestURI(),
                AuditEntry.Outcome.MINOR_FAILURE,
                "HTTP " + status + ": " + reason,
                FhirAccessAudit.caller(request.getRemoteAddr()),
                AuditEntry.What.none()));
    }

    private static JwtDecoder decoder(FhirSecurityProperties properties) {
        if (!properties.configured()) {
            log.warn("ichcds.fhir.security.issuer is not set: /fhir refuses every call that needs a token");
            return token -> {
                throw new BadJwtException("no authorization server is configured for /fhir: set"
                        + " ichcds.fhir.security.issuer, jwks-uri and audience");
            };
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                        properties.jwksUri().toString())
                .jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
                .build();
        String audience = properties.audience();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer().toString()),
                jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(
                                new OAuth2Error("invalid_token", "the token is not for this FHIR server", null))));
        return decoder;
    }

    /** Spring's 401 (with its {@code WWW-Authenticate: Bearer} header) plus an OperationOutcome body. */
    private static AuthenticationEntryPoint operationOutcome(
            BearerTokenAuthenticationEntryPoint bearer, FhirSecurityProperties properties) {
        return (request, response, e) -> {
            bearer.commence(request, response, e);
            String detail = properties.configured()
                    ? "a valid bearer access token for this FHIR server is needed (" + e.getMessage() + ")"
                    : e.getMessage();
            OperationOutcomes.write(response, HttpServletResponse.SC_UNAUTHORIZED, "login", detail);
        };
    }

    /** CORS for SMART apps in a browser; off unless origins are configured. */
    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Prefer", "If-Match"));
        cors.setExposedHeaders(List.of("Location", "ETag", "Content-Location", "WWW-Authenticate"));
        cors.setMaxAge(3600L);
        // the source sees paths within HAPI's servlet, never "/fhir/...": register the configuration for every path
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
