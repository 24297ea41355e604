package org.ichcds.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorization server as a SMART Backend Services client meets it: the token endpoint over HTTP. */
class AuthorizationServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUDIENCE = "https://fhir.example.org/fhir";

    @TempDir
    static Path dir;

    static ECKey key = BackendServicesClient.newEs384Key();
    static ECKey patientKey = BackendServicesClient.newEs384Key();
    static AuthorizationServer.Running server;

    @BeforeAll
    static void start() throws IOException {
        Path clients = dir.resolve("clients.json");
        ClientRegistration.write(
                clients,
                List.of(
                        ClientRegistration.of("backend", key, List.of("system/*.rs", "system/Patient.c"), AUDIENCE),
                        new ClientRegistration(
                                "patient-app",
                                patientKey,
                                List.of("patient/*.rs"),
                                AUDIENCE,
                                Optional.of("p1"),
                                Duration.ofMinutes(2))));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new AuthorizationServer("127.0.0.1", port, null, clients, dir.resolve("key.json")).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void issuesShortLivedJwtsWithTheClaimsAResourceServerReads() throws Exception {
        String token = client("backend", key).accessToken(List.of("system/*.rs"));

        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(server.issuer().toString());
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getStringClaim("scope")).isEqualTo("system/*.rs");
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(claims.getClaim("patient")).isNull();

        var patient = SignedJWT.parse(client("patient-app", patientKey).accessToken(List.of("patient/*.rs")))
                .getJWTClaimsSet();
        assertThat(patient.getStringClaim("patient")).isEqualTo("p1");
    }

    @Test
    void refusesScopesTheClientWasNotGiven() {
        assertThatThrownBy(() -> client("backend", key).accessToken(List.of("system/*.cruds")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("invalid_scope");
    }

    @Test
    void refusesAReplayedAssertionALongLivedOneAndAForeignKey() throws Exception {
        BackendServicesClient backend = client("backend", key);
        String assertion = backend.assertion(Instant.now());
        assertThat(post(assertion).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = post(assertion);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("invalid_client");

        String hourLong = longLivedAssertion(backend);
        assertThat(post(hourLong).statusCode()).isEqualTo(401);

        String foreign = client("backend", BackendServicesClient.newEs384Key()).assertion(Instant.now());
        assertThat(post(foreign).statusCode()).isEqualTo(401);

        String unknown = client("nobody", key).assertion(Instant.now());
        assertThat(post(unknown).statusCode()).isEqualTo(401);
    }

    @Test
    void servesItsKeysAndMetadata() throws Exception {
        HttpResponse<String> jwks =
                HTTP.send(HttpRequest.newBuilder(server.jwksUri()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(jwks.body()).path("keys")).hasSize(1);
        HttpResponse<String> other = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.issuer() + "/anything"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isIn(401, 403);
    }

    /** An assertion valid in every way but its lifetime: an hour instead of at most five minutes. */
    private static String longLivedAssertion(BackendServicesClient client) throws Exception {
        SignedJWT normal = SignedJWT.parse(client.assertion(Instant.now()));
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder(normal.getJWTClaimsSet())
                .expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofHours(1))))
                .build();
        SignedJWT jwt = new SignedJWT(normal.getHeader(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jwt.serialize();
    }

    private static BackendServicesClient client(String id, ECKey signingKey) {
        return new BackendServicesClient(server.tokenEndpoint(), id, signingKey);
    }

    private static HttpResponse<String> post(String assertion) throws Exception {
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("system/*.rs", StandardCharsets.UTF_8)
                + "&client_assertion_type="
                + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion;
        return HTTP.send(
                HttpRequest.newBuilder(server.tokenEndpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
