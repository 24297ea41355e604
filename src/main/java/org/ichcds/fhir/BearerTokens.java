package org.ichcds.fhir;

import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The access tokens {@code /fhir} accepts (JWTs of the {@code ichcds.fhir.security.*} authorization server, for its
 * audience), for the other endpoints of the server that take the same tokens (STOW-RS).
 */
public final class BearerTokens {

    private final JwtDecoder decoder;
    private final boolean configured;

    BearerTokens(JwtDecoder decoder, boolean configured) {
        this.decoder = decoder;
        this.configured = configured;
    }

    /** Decodes and validates a token; refuses every token when no authorization server is configured. */
    public JwtDecoder decoder() {
        return decoder;
    }

    /** Whether an authorization server is configured ({@code ichcds.fhir.security.issuer}). */
    public boolean configured() {
        return configured;
    }
}
