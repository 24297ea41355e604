package org.ichcds.fhir;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call {@code /fhir} ({@code ichcds.fhir.security.*}): bearer JWT access tokens of one authorization server,
 * for this FHIR base URL. Without an issuer, no token is accepted and every call but the CapabilityStatement and the
 * SMART configuration is refused with a 401 that names these settings.
 *
 * @param issuer the authorization server's {@code iss}
 * @param jwksUri its public keys (JWKS)
 * @param audience the {@code aud} tokens must carry: this server's FHIR base URL as clients know it
 * @param tokenEndpoint where clients get tokens, published in the SMART configuration; default {@code issuer +
 *     /oauth2/token} (Spring Authorization Server's path)
 * @param allowHttp accept {@code http:} issuer and JWKS URLs (an authorization server on loopback, as in the demo)
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param corsAllowedOrigins browser origins of SMART apps allowed to call {@code /fhir} (none by default)
 */
@ConfigurationProperties("ichcds.fhir.security")
record FhirSecurityProperties(
        URI issuer,
        URI jwksUri,
        String audience,
        URI tokenEndpoint,
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue List<String> corsAllowedOrigins) {

    public FhirSecurityProperties {
        corsAllowedOrigins = List.copyOf(Objects.requireNonNullElse(corsAllowedOrigins, List.of()));
        if (issuer != null) {
            if (jwksUri == null || audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("ichcds.fhir.security.issuer is set: set ichcds.fhir.security"
                        + ".jwks-uri (the authorization server's keys) and .audience (this server's FHIR base URL)");
            }
            checkScheme("issuer", issuer, allowHttp);
            checkScheme("jwks-uri", jwksUri, allowHttp);
        }
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("ichcds.fhir.security.clock-skew must be 0..5m, was " + clockSkew);
        }
    }

    /** Whether an authorization server is configured at all. */
    public boolean configured() {
        return issuer != null;
    }

    /** The token endpoint clients are told about. */
    public URI tokenEndpointOrDefault() {
        return tokenEndpoint != null
                ? tokenEndpoint
                : URI.create(issuer.toString().replaceAll("/+$", "") + "/oauth2/token");
    }

    private static void checkScheme(String key, URI url, boolean allowHttp) {
        String scheme = String.valueOf(url.getScheme()).toLowerCase();
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new IllegalArgumentException("ichcds.fhir.security." + key + " must be https (or http with"
                    + " ichcds.fhir.security.allow-http=true, for an authorization server on loopback): " + url);
        }
    }
}
