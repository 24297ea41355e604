package org.ichcds.authserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the authorization server's clients file ({@link RegisteredClients} reads it), for the demo and the
 * tests that register their own clients.
 *
 * @param publicKey the client's public key
 * @param audience the FHIR base URL its tokens are for
 * @param patient a fixed SMART patient context for its tokens, when it has one
 * @param tokenTtl access token lifetime, at most 5 minutes
 */
public record ClientRegistration(
        String clientId,
        JWK publicKey,
        List<String> scopes,
        String audience,
        Optional<String> patient,
        Duration tokenTtl) {

    public ClientRegistration {
        if (publicKey.isPrivate()) {
            publicKey = publicKey.toPublicJWK();
        }
        scopes = List.copyOf(scopes);
    }

    /** A client with 5-minute tokens and no patient context. */
    public static ClientRegistration of(String clientId, JWK key, List<String> scopes, String audience) {
        return new ClientRegistration(clientId, key, scopes, audience, Optional.empty(), Duration.ofMinutes(5));
    }

    /** Writes a clients file. */
    public static void write(Path file, List<ClientRegistration> clients) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("clients");
        for (ClientRegistration client : clients) {
            ObjectNode node = list.addObject();
            node.put("clientId", client.clientId());
            node.put("algorithm", client.publicKey() instanceof ECKey ? "ES384" : "RS384");
            node.set("jwks", json.readTree(new JWKSet(client.publicKey()).toString(true)));
            ArrayNode scopes = node.putArray("scopes");
            client.scopes().forEach(scopes::add);
            node.put("audience", client.audience());
            client.patient().ifPresent(p -> node.put("patient", p));
            node.put("tokenTtl", client.tokenTtl().toString());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
