package org.ichcds.authserver;

import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes the access tokens as SMART resource servers read them: {@code aud} is the FHIR base URL the client was
 * registered for, {@code scope} one space-separated string, and {@code patient} the launch context when the client has
 * one.
 */
final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final RegisteredClients clients;

    TokenClaims(RegisteredClients clients) {
        this.clients = clients;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        RegisteredClients.Client client =
                clients.find(context.getRegisteredClient().getClientId()).orElseThrow();
        context.getClaims().audience(java.util.List.of(client.audience()));
        context.getClaims().claim("scope", String.join(" ", context.getAuthorizedScopes()));
        client.patient().ifPresent(patient -> context.getClaims().claim("patient", patient));
    }
}
