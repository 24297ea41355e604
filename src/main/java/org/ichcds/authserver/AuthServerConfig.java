package org.ichcds.authserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The authorization server's beans. Deliberately not a {@code @Configuration}: the FHIR server's component scan covers
 * {@code org.ichcds} and must not pick it up; {@link AuthorizationServer} starts it as the source of its own context.
 * Only the auto-configuration a token endpoint needs is imported (no database, no JPA, no FHIR).
 */
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
    SecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
})
class AuthServerConfig {

    static final String CLIENTS = "ichcds.authserver.clients";
    static final String SIGNING_KEY = "ichcds.authserver.signing-key";
    static final String ISSUER = "ichcds.authserver.issuer";

    @Bean
    RegisteredClients registeredClients(Environment environment) throws IOException {
        return RegisteredClients.read(Path.of(environment.getRequiredProperty(CLIENTS)));
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(RegisteredClients clients) {
        return new InMemoryRegisteredClientRepository(clients.registered());
    }

    @Bean
    TokenClaims tokenClaims(RegisteredClients clients) {
        return new TokenClaims(clients);
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(Environment environment) throws IOException, JOSEException, ParseException {
        String file = environment.getProperty(SIGNING_KEY);
        return new ImmutableJWKSet<>(new JWKSet(signingKey(file == null ? null : Path.of(file))));
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(Environment environment) {
        // set, or SAS would take the issuer from each request's Host header
        return AuthorizationServerSettings.builder()
                .issuer(environment.getRequiredProperty(ISSUER))
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain tokenEndpoints(HttpSecurity http, RegisteredClients clients) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        ClientAssertionDecoders decoders = new ClientAssertionDecoders(clients, Clock.systemUTC());
        http.securityMatcher(server.getEndpointsMatcher())
                .with(
                        server,
                        as -> as.clientAuthentication(client -> client.authenticationConverters(
                                        converters -> converters.add(0, new SmartClientAssertionConverter()))
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
                                        assertions.setJwtDecoderFactory(decoders);
                                    }
                                }))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()));
        return http.build();
    }

    /** Nothing else is served. */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** An RSA key for RS256 access tokens: read from the file when it exists, else made (and kept there). */
    private static JWK signingKey(Path file) throws IOException, JOSEException, ParseException {
        if (file != null && Files.isRegularFile(file)) {
            return JWK.parse(Files.readString(file));
        }
        RSAKey key =
                new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        if (file != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, key.toJSONString());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return key;
    }
}
