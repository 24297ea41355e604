package org.ichcds.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.ichcds.fhir.BearerTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * {@code /dicom-web/**}: denied, except {@code POST /dicom-web/studies} when STOW-RS is switched on
 * ({@code ichcds.intake.stow.enabled}), with a bearer JWT of the authorization server {@code /fhir} trusts
 * ({@code ichcds.fhir.security.*}) carrying the scope {@code ichcds.intake.stow.scope} (default {@code ichcds/stow}, a
 * scope of its own: a client allowed to write FHIR resources is not thereby allowed to send images). Every refusal is
 * audited.
 */
@Configuration(proxyBeanMethods = false)
class StowSecurityConfig {

    @Bean
    @Order(12)
    SecurityFilterChain stowSecurity(
            HttpSecurity http, BearerTokens tokens, IntakeProperties properties, AuditRecorder trail) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        String scope = properties.stow().scope();
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            audit(trail, request, 401, e.getMessage());
            bearer.commence(request, response, e);
            text(
                    response,
                    "a bearer access token of ichcds.fhir.security's authorization server is needed, with"
                            + " the scope " + scope + " (" + e.getMessage() + ")");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> {
            String why = properties.stow().enabled()
                    ? "the token lacks the scope " + scope + " (ichcds.intake.stow.scope)"
                    : "STOW-RS is switched off (ichcds.intake.stow.enabled)";
            audit(trail, request, 403, why);
            new BearerTokenAccessDeniedHandler().handle(request, response, e);
            text(response, why);
        };
        http.securityMatcher(paths.matcher("/dicom-web/**"))
                .authorizeHttpRequests(requests -> {
                    if (properties.stow().enabled()) {
                        requests.requestMatchers(paths.matcher(HttpMethod.POST, "/dicom-web/studies"))
                                .hasAuthority("SCOPE_" + scope);
                    }
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.decoder(tokens.decoder()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()); // bearer tokens, no cookies: nothing for a forged request to ride on
        return http.build();
    }

    private static void audit(AuditRecorder trail, HttpServletRequest request, int status, String reason) {
        trail.record(AuditEntry.now(
                AuditKind.STUDY_RECEIVED,
                request.getMethod() + " " + request.getRequestURI(),
                AuditEntry.Outcome.MINOR_FAILURE,
                "HTTP " + status + ": " + reason,
                StowController.caller(request),
                AuditEntry.What.none()));
    }

    private static void text(HttpServletResponse response, String message) throws IOException {
        if (!response.isCommitted()) {
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
