package org.ichcds.authserver;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the authorization server in a Spring context of its own (its own web server, none of the FHIR server's
 * beans or settings): {@code ./ichcds authserver} runs it as a process of its own, the tests start it beside the server.
 *
 * @param address the interface it listens on (loopback by default)
 * @param port its port
 * @param issuer the {@code iss} of its tokens; {@code null} means {@code http://<address>:<port>}
 * @param clients the clients file ({@link RegisteredClients})
 * @param signingKey where its token-signing key is kept across restarts; {@code null} makes a new key at each start
 */
public record AuthorizationServer(String address, int port, URI issuer, Path clients, Path signingKey) {

    public AuthorizationServer {
        if (clients == null) {
            throw new IllegalArgumentException("the authorization server needs a clients file");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        if (address == null || address.isBlank()) {
            address = "127.0.0.1";
        }
        if (issuer == null) {
            String host = address.contains(":") ? "[" + address + "]" : address;
            issuer = URI.create("http://" + host + ":" + port);
        }
    }

    /** A running server and the issuer it signs as. */
    public record Running(ConfigurableApplicationContext context, URI issuer) implements AutoCloseable {
        /** The token endpoint (SAS's default path). */
        public URI tokenEndpoint() {
            return URI.create(issuer + "/oauth2/token");
        }

        /** The public keys of its tokens. */
        public URI jwksUri() {
            return URI.create(issuer + "/oauth2/jwks");
        }

        @Override
        public void close() {
            context.close();
        }
    }

    public Running start() {
        Map<String, Object> properties = new LinkedHashMap<>();
        // its own settings file name: the FHIR server's application.yaml must not configure it
        properties.put("spring.config.name", "ichcds-authserver");
        properties.put("server.address", address);
        properties.put("server.port", port);
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jmx.enabled", false);
        properties.put(AuthServerConfig.CLIENTS, clients.toAbsolutePath().toString());
        if (signingKey != null) {
            properties.put(
                    AuthServerConfig.SIGNING_KEY, signingKey.toAbsolutePath().toString());
        }
        properties.put(AuthServerConfig.ISSUER, issuer.toString().replaceAll("/+$", ""));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerConfig.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties)
                .registerShutdownHook(true)
                .run();
        return new Running(context, URI.create(issuer.toString().replaceAll("/+$", "")));
    }
}
