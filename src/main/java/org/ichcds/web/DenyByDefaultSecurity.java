package org.ichcds.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Every path no feature claims is refused. {@code /fhir}, {@code /cds-services} and {@code /viewer} have chains of
 * their own (in their packages, ordered before this one); here only health (for load balancers and orchestrators) and
 * Spring's error page are open.
 */
@Configuration(proxyBeanMethods = false)
class DenyByDefaultSecurity {

    @Bean
    @Order(100)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                paths.matcher(HttpMethod.GET, "/actuator/health"),
                                paths.matcher(HttpMethod.GET, "/actuator/health/**"),
                                // without it, a 404 of an open path would turn into a 403 on the way to /error
                                paths.matcher("/error"))
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> {});
        return http.build();
    }
}
