package org.ichcds.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every path no feature claims is refused. {@code /fhir}, {@code /cds-services} and {@code /viewer} have chains of
 * their own (in their packages, ordered before this one); here only liveness and readiness ({@code /livez},
 * {@code /readyz}, for load balancers and orchestrators) and Spring's error page are open. The other actuator
 * endpoints are served on the management port only ({@code management.server.port}, bound to
 * {@code management.server.address}, loopback by default), where they are open to whoever can reach that address.
 */
@Configuration(proxyBeanMethods = false)
class DenyByDefaultSecurity {

    @Bean
    ManagementPort managementPort() {
        return new ManagementPort();
    }

    /** The management server shares this filter chain list; its requests are told apart by the port they came on. */
    @Bean
    @Order(5)
    SecurityFilterChain managementEndpoints(HttpSecurity http, ManagementPort managementPort) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        // /error: an endpoint's own error keeps its status instead of turning into a 403
        return openOnly(
                http.securityMatcher(managementPort::isManagementRequest),
                paths.matcher(HttpMethod.GET, "/actuator/**"),
                paths.matcher("/error"));
    }

    @Bean
    @Order(100)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        // /error: without it, a 404 of an open path would turn into a 403 on the way to /error
        return openOnly(
                http,
                paths.matcher(HttpMethod.GET, "/livez"),
                paths.matcher(HttpMethod.GET, "/readyz"),
                paths.matcher("/error"));
    }

    /** A stateless chain that lets these paths through and refuses every other. */
    private static SecurityFilterChain openOnly(HttpSecurity http, RequestMatcher... open) throws Exception {
        http.authorizeHttpRequests(requests ->
                        requests.requestMatchers(open).permitAll().anyRequest().denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> {});
        return http.build();
    }
}
