package org.ichcds.authserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clients the authorization server knows, read from a JSON file:
 *
 * <pre>{@code
 * {"clients": [{"clientId": "ehr-backend", "algorithm": "ES384", "jwks": {"keys": [...]},
 *               "scopes": ["system/Patient.cruds"], "audience": "https://cds.example.org/fhir",
 *               "patient": "123", "tokenTtl": "PT5M"}]}
 * }</pre>
 *
 * Each client authenticates with a JWT assertion signed by a key of its {@code jwks} (public keys only) with its one
 * {@code algorithm} (RS384 or ES384, SMART Backend Services). {@code audience} becomes the access token's {@code aud};
 * {@code patient}, when present, its SMART {@code patient} launch context; {@code tokenTtl} at most 5 minutes (SMART
 * Backend Services: {@code expires_in} ≤ 300).
 */
final class RegisteredClients {

    private static final Duration MAX_TTL = Duration.ofMinutes(5);

    /** One client with what the token endpoint needs beyond Spring's {@link RegisteredClient}. */
    record Client(RegisteredClient registered, JWKSet keys, String audience, Optional<String> patient) {}

    private final Map<String, Client> byId;

    private RegisteredClients(Map<String, Client> byId) {
        this.byId = Map.copyOf(byId);
    }

    static RegisteredClients read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException("cannot read the clients file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Client> clients = new LinkedHashMap<>();
        for (JsonNode node : root.path("clients")) {
            Client client = client(node, file);
            if (clients.put(client.registered().getClientId(), client) != null) {
                throw new IllegalArgumentException(
                        file + ": client " + client.registered().getClientId() + " is listed twice");
            }
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no clients");
        }
        return new RegisteredClients(clients);
    }

    Optional<Client> find(String clientId) {
        return Optional.ofNullable(clientId).map(byId::get);
    }

    List<RegisteredClient> registered() {
        return byId.values().stream().map(Client::registered).toList();
    }

    private static Client client(JsonNode node, Path file) {
        String id = text(node, "clientId", file);
        SignatureAlgorithm algorithm = SignatureAlgorithm.from(text(node, "algorithm", file));
        if (algorithm != SignatureAlgorithm.RS384 && algorithm != SignatureAlgorithm.ES384) {
            throw new IllegalArgumentException(file + ": client " + id + " must use RS384 or ES384");
        }
        JWKSet keys;
        try {
            keys = JWKSet.parse(node.path("jwks").toString());
        } catch (ParseException e) {
            throw new IllegalArgumentException(file + ": client " + id + " has no valid jwks: " + e.getMessage());
        }
        if (keys.getKeys().isEmpty() || keys.getKeys().stream().anyMatch(k -> k.isPrivate())) {
            throw new IllegalArgumentException(file + ": client " + id + " needs public keys only in jwks");
        }
        List<String> scopes = new ArrayList<>();
        node.path("scopes").forEach(s -> scopes.add(s.asText()));
        Duration ttl =
                node.has("tokenTtl") ? Duration.parse(node.get("tokenTtl").asText()) : MAX_TTL;
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(file + ": client " + id + " tokenTtl must be in (0, 5 min]");
        }
        RegisteredClient registered = RegisteredClient.withId(id)
                .clientId(id)
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(s -> s.addAll(scopes))
                .clientSettings(ClientSettings.builder()
                        .tokenEndpointAuthenticationSigningAlgorithm(algorithm)
                        .build())
                .tokenSettings(
                        TokenSettings.builder().accessTokenTimeToLive(ttl).build())
                .build();
        String patient = node.path("patient").asText("");
        return new Client(
                registered,
                keys,
                text(node, "audience", file),
                patient.isBlank() ? Optional.empty() : Optional.of(patient));
    }

    private static String text(JsonNode node, String field, Path file) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException(file + ": a client has no " + field);
        }
        return value;
    }
}
