package org.ichcds.hooks;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.ichcds.audit.AuditRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Puts the JWT check and CORS in front of {@code /cds-services}. CORS runs first, so a preflight is answered without
 * a token and a 401 still carries the CORS headers a browser needs to read it.
 */
@Configuration(proxyBeanMethods = false)
class CdsSecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(CdsSecurityConfig.class);
    private static final String[] URL_PATTERNS = {CdsSecurityFilter.PREFIX, CdsSecurityFilter.PREFIX + "/*"};

    CdsSecurityConfig(CdsProperties properties) {
        if (!properties.security().enabled()) {
            log.warn("ichcds.cds.security.enabled=false: /cds-services accepts calls without any JWT check");
        }
    }

    @Bean
    @ConditionalOnProperty(name = "ichcds.cds.security.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<CdsSecurityFilter> cdsSecurityFilter(
            CdsProperties properties, AuditRecorder trail, MeterRegistry meters, JdbcTemplate jdbc) {
        if (properties.trustedClients().isEmpty()) {
            log.warn("ichcds.cds.trusted-clients is empty: every CDS service call will be refused");
        }
        if (properties.publicBase() == null) {
            log.info("ichcds.cds.public-base-url is not set: the JWT audience is checked against the request's"
                    + " own host; set it when the server runs behind a proxy or in production");
        }
        FilterRegistrationBean<CdsSecurityFilter> registration = new FilterRegistrationBean<>(new CdsSecurityFilter(
                verifier(properties, jdbc), properties.publicBase(), trail, new HookMetrics(meters)::refused));
        registration.setName("cdsSecurityFilter");
        registration.addUrlPatterns(URL_PATTERNS);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /**
     * Spring Security lets CDS calls through to {@link CdsSecurityFilter}, which verifies the EHR's JWT (CDS Hooks 2.0
     * §trusting-cds-clients) before any controller runs. No CSRF token: the JWT, not a cookie, authenticates a call.
     */
    @Bean
    @Order(20)
    SecurityFilterChain cdsServicesSecurity(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/cds-services"), paths.matcher("/cds-services/**")))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** With no origins configured it adds nothing, and browsers are held back by their own same-origin rule. */
    @Bean
    FilterRegistrationBean<CorsFilter> cdsCorsFilter(CdsProperties properties) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(
                new CorsFilter(corsSource(properties.cors().allowedOrigins())));
        registration.setName("cdsCorsFilter");
        registration.addUrlPatterns(URL_PATTERNS);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    static JwtVerifier verifier(CdsProperties properties, JdbcTemplate jdbc) {
        CloseableHttpClient http = JwksSource.defaultHttpClient();
        Clock clock = Clock.systemUTC();
        Map<String, JwksSource> keys = new LinkedHashMap<>();
        for (CdsProperties.TrustedClient client : properties.trustedClients()) {
            keys.put(client.issuer(), JwksSource.of(client.jwksUri(), properties.allowHttpJwks(), http, clock));
        }
        JtiRegistry replayCache = switch (properties.jwt().replayStore()) {
            case MEMORY -> new JtiReplayCache(properties.jwt().replayCacheSize(), clock);
            case DATABASE -> new JtiReplayTable(jdbc, clock);
        };
        return new JwtVerifier(keys, replayCache, properties.jwt(), clock);
    }

    /** CDS Hooks 2.0 §cross-origin-resource-sharing; methods and headers as the sandbox's services allow. */
    static UrlBasedCorsConfigurationSource corsSource(List<String> allowedOrigins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (allowedOrigins.isEmpty()) {
            return source;
        }
        source.registerCorsConfiguration(CdsSecurityFilter.PREFIX, cors);
        source.registerCorsConfiguration(CdsSecurityFilter.PREFIX + "/**", cors);
        return source;
    }
}
