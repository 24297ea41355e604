package org.ichcds.authserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A SMART Backend Services client (SMART App Launch 2.2 §5): asks a token endpoint for an access token with
 * {@code client_credentials}, authenticating with a JWT assertion signed by its private key ({@code private_key_jwt},
 * RFC 7523). What the demo, the benchmarks and the tests use to call {@code /fhir} as a site's systems would.
 */
public final class BackendServicesClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI tokenEndpoint;
    private final String clientId;
    private final JWK key;
    private final Map<List<String>, Current> current = new HashMap<>();

    /** A token and when to ask for the next one. */
    private record Current(String token, Instant renewAt) {}

    /** @param key the client's private key (EC P-384 for ES384, RSA for RS384), with a key id */
    public BackendServicesClient(URI tokenEndpoint, String clientId, JWK key) {
        if (!key.isPrivate() || key.getKeyID() == null) {
            throw new IllegalArgumentException("a client signs with a private key that has a key id");
        }
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.key = key;
    }

    /** A new ES384 (P-384) client key. */
    public static ECKey newEs384Key() {
        try {
            return new ECKeyGenerator(Curve.P_384)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make a P-384 key", e);
        }
    }

    public String clientId() {
        return clientId;
    }

    /**
     * A current access token for the given scopes: the last one while at least a minute of it is left, else a new one.
     *
     * @throws UncheckedIOException with the endpoint's answer when it refuses
     */
    public synchronized String currentToken(List<String> scopes) {
        Current known = current.get(scopes);
        if (known != null && Instant.now().isBefore(known.renewAt())) {
            return known.token();
        }
        try {
            Instant asked = Instant.now();
            Issued issued = request(scopes);
            current.put(
                    List.copyOf(scopes),
                    new Current(issued.token(), asked.plus(issued.lifetime()).minusSeconds(60)));
            return issued.token();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + tokenEndpoint + " for a token", e);
        }
    }

    /**
     * A new access token for the given scopes.
     *
     * @throws IOException with the endpoint's answer when it refuses
     */
    public String accessToken(List<String> scopes) throws IOException, InterruptedException {
        return request(scopes).token();
    }

    /** An issued token and how long it lasts ({@code expires_in}; 5 minutes, SMART's ceiling, when not said). */
    private record Issued(String token, Duration lifetime) {}

    private Issued request(List<String> scopes) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials"
                + "&scope=" + encode(String.join(" ", scopes))
                + "&client_assertion_type=" + encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + encode(assertion(Instant.now()));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(tokenEndpoint)
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new IOException("token endpoint " + tokenEndpoint + " answered " + response.statusCode() + " "
                    + body.path("error").asText("") + " "
                    + body.path("error_description").asText(""));
        }
        return new Issued(
                body.get("access_token").asText(),
                Duration.ofSeconds(body.path("expires_in").asLong(300)));
    }

    /** The client's signed assertion: iss = sub = client id, aud = the token endpoint, 5 minutes, a fresh jti. */
    String assertion(Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenEndpoint.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384;
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey());
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the client assertion", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
