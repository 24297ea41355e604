package org.ichcds.hooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.ichcds.http.AllowedBase;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the CDS Hooks endpoints under {@code ichcds.cds}: trusted CDS clients and their keys, JWT checks, the
 * public base URL used as the expected JWT audience, and CORS.
 *
 * @param trustedClients CDS clients (EHRs) whose JWTs are accepted, each with the JWKS holding its public keys
 * @param security whether JWTs are verified at all (on unless switched off explicitly)
 * @param allowHttpFhirServer accept an {@code http:} {@code fhirServer} in hook requests (local tests only)
 * @param allowHttpJwks accept an {@code http:} {@code jwks-uri} (local tests only)
 * @param publicBaseUrl the URL the clients call, without {@code /cds-services}; {@code null} means the request's own
 *     scheme, host, port and context path
 * @param cors CORS for {@code /cds-services/**}
 * @param jwt time checks on the JWT
 */
@ConfigurationProperties("ichcds.cds")
record CdsProperties(
        @DefaultValue List<TrustedClient> trustedClients,
        @DefaultValue Security security,
        @DefaultValue("false") boolean allowHttpFhirServer,
        @DefaultValue("false") boolean allowHttpJwks,
        URI publicBaseUrl,
        @DefaultValue Cors cors,
        @DefaultValue Jwt jwt) {

    public CdsProperties {
        trustedClients = List.copyOf(Objects.requireNonNullElse(trustedClients, List.of()));
        security = Objects.requireNonNullElse(security, new Security(true));
        cors = Objects.requireNonNullElse(cors, new Cors(List.of()));
        jwt = Objects.requireNonNullElse(jwt, new Jwt(null, null, null, null));
        publicBaseUrl = checkBaseUrl(publicBaseUrl);
        long distinct =
                trustedClients.stream().map(TrustedClient::issuer).distinct().count();
        if (distinct != trustedClients.size()) {
            throw new IllegalArgumentException("ichcds.cds.trusted-clients: the same issuer is listed twice");
        }
    }

    /** The public base URL as a string without a trailing slash, or {@code null} when it comes from the request. */
    String publicBase() {
        return publicBaseUrl == null ? null : publicBaseUrl.toString();
    }

    private static URI checkBaseUrl(URI url) {
        if (url == null) {
            return null;
        }
        String scheme = url.getScheme();
        boolean web = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
        if (!web || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "ichcds.cds.public-base-url must be an http(s) URL without query or fragment: " + url);
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    /**
     * A CDS client whose JWTs are trusted.
     *
     * @param issuer the exact {@code iss} claim the client sends
     * @param jwksUri where its public keys are: {@code https:}, {@code file:} (absolute, or relative to the working
     *     directory as {@code file:./keys/jwks.json}), or {@code http:} when {@code allow-http-jwks} is on
     * @param fhirServers the FHIR base URLs this client may send as {@code fhirServer}: the server fetches prefetch
     *     data only from under one of them (compared on scheme, host, port and path), and from nowhere when none are
     *     listed
     */
    public record TrustedClient(String issuer, URI jwksUri, List<String> fhirServers) {
        public TrustedClient {
            fhirServers = List.copyOf(Objects.requireNonNullElse(fhirServers, List.of()));
            for (String base : fhirServers) {
                AllowedBase.parse(base); // a malformed entry stops the start with its own message
            }
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("ichcds.cds.trusted-clients: issuer is missing");
            }
            if (jwksUri == null) {
                throw new IllegalArgumentException("ichcds.cds.trusted-clients: jwks-uri is missing for " + issuer);
            }
        }
    }

    /** @param enabled verify JWTs; {@code false} opens the CDS endpoints to anyone (a WARN is logged at startup) */
    public record Security(@DefaultValue("true") boolean enabled) {}

    /** @param allowedOrigins browser origins allowed to call {@code /cds-services/**}; empty means no CORS */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = List.copyOf(Objects.requireNonNullElse(allowedOrigins, List.of()));
        }
    }

    /**
     * @param clockSkew tolerance for clocks that differ between client and server
     * @param maxAge the oldest {@code iat} accepted, and so the longest a {@code jti} is remembered (CDS Hooks
     *     best practices: keep seen {@code jti} values for the token lifetime, at most 1 h)
     * @param replayCacheSize how many live {@code jti} values are remembered; when all are live, new tokens are
     *     refused (401) rather than a live one forgotten. Each is kept until its token expires (5 min for a CDS
     *     client's token), so 250 000 (about 50 MB) covers about 800 calls/s sustained
     * @param replayStore where seen {@code jti} values are kept: {@code memory} (this process; the cache above) or
     *     {@code database} (shared by every replica on the database, and kept across restarts)
     */
    public record Jwt(
            @DefaultValue("60s") Duration clockSkew,
            @DefaultValue("1h") Duration maxAge,
            @DefaultValue("250000") Integer replayCacheSize,
            @DefaultValue("memory") ReplayStore replayStore) {

        /** Where seen {@code jti} values are kept. */
        public enum ReplayStore {
            MEMORY,
            DATABASE
        }

        public Jwt {
            replayStore = Objects.requireNonNullElse(replayStore, ReplayStore.MEMORY);
            clockSkew = Objects.requireNonNullElse(clockSkew, Duration.ofSeconds(60));
            maxAge = Objects.requireNonNullElse(maxAge, Duration.ofHours(1));
            replayCacheSize = Objects.requireNonNullElse(replayCacheSize, 250_000);
            if (clockSkew.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException(
                        "ichcds.cds.jwt: clock-skew must be >= 0 and max-age > 0, got " + clockSkew + ", " + maxAge);
            }
            if (replayCacheSize < 1) {
                throw new IllegalArgumentException(
                        "ichcds.cds.jwt.replay-cache-size must be positive, got " + replayCacheSize);
            }
        }
    }
}
