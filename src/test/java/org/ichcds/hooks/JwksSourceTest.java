package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.ichcds.demo.CdsTokenSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksSourceTest {

    private static final CdsTokenSigner SIGNER = CdsTokenSigner.es384(JwtFixture.ISSUER);
    private static final CdsTokenSigner NEXT_SIGNER = CdsTokenSigner.es384(JwtFixture.ISSUER);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(JwtFixture.NOW);
    private final CloseableHttpClient http = JwksSource.defaultHttpClient();
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<String> body = new AtomicReference<>(CdsTokenSigner.publicJwks(SIGNER));
    private final AtomicInteger status = new AtomicInteger(200);

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A local JWKS endpoint that counts its hits and serves whatever {@link #body} and {@link #status} hold. */
    private URI serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            hits.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    @Test
    void readsPublicKeysFromAFileUri() throws Exception {
        Path file = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), SIGNER);
        JwksSource source = JwksSource.of(file.toUri(), false, http, clock);

        List<JWK> keys = source.keys(SIGNER.keyId());

        assertThat(keys)
                .singleElement()
                .satisfies(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(source.keys("no-such-kid")).isEmpty();
    }

    @Test
    void readsARelativeFileUri() throws Exception {
        Path file = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), SIGNER);
        Path relative = Path.of("").toAbsolutePath().relativize(file);
        JwksSource source = JwksSource.of(URI.create("file:" + relative), false, http, clock);
        assertThat(source.keys(SIGNER.keyId())).hasSize(1);
    }

    @Test
    void dropsPrivateAndSymmetricKeys() throws Exception {
        String privateAndOct = "{\"keys\":[" + SIGNER.publicKey().toJSONString().replace("}", "") + ",\"d\":\"AA\"}"
                + ",{\"kty\":\"oct\",\"kid\":\"secret\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}]}";
        Path file = Files.writeString(dir.resolve("jwks.json"), privateAndOct);
        JwksSource source = JwksSource.of(file.toUri(), false, http, clock);

        assertThat(source.keys("secret")).isEmpty();
        assertThat(source.keys(SIGNER.keyId()))
                .allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void refusesHttpUnlessAllowedAndOtherSchemes() {
        assertThatThrownBy(() -> JwksSource.of(URI.create("http://127.0.0.1/jwks.json"), false, http, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1/jwks.json")
                .hasMessageContaining("allow-http-jwks");
        assertThatThrownBy(() -> JwksSource.of(URI.create("ftp://host/jwks.json"), true, http, clock))
                .hasMessageContaining("ftp://host/jwks.json");
        assertThatThrownBy(() -> JwksSource.of(URI.create("jwks.json"), true, http, clock))
                .hasMessageContaining("jwks.json");
    }

    @Test
    void readsOverHttpWhenAllowed() throws Exception {
        JwksSource source = JwksSource.of(serve(), true, http, clock);
        assertThat(source.keys(SIGNER.keyId())).hasSize(1);
        assertThat(source.keys(SIGNER.keyId())).hasSize(1);
        assertThat(hits).as("the set is cached").hasValue(1);
    }

    @Test
    void unknownKidTriggersARefreshAtMostOncePerInterval() throws Exception {
        JwksSource source = JwksSource.of(serve(), true, http, clock);
        source.keys(SIGNER.keyId());
        clock.advance(JwksSource.REMOTE_REFRESH_INTERVAL);

        for (int i = 0; i < 50; i++) {
            assertThat(source.keys("forged-" + i)).isEmpty();
        }
        assertThat(hits).as("50 forged kids cost one fetch").hasValue(2);

        body.set(CdsTokenSigner.publicJwks(SIGNER, NEXT_SIGNER)); // key rotation at the client
        assertThat(source.keys(NEXT_SIGNER.keyId())).as("still rate-limited").isEmpty();
        clock.advance(JwksSource.REMOTE_REFRESH_INTERVAL);
        assertThat(source.keys(NEXT_SIGNER.keyId())).hasSize(1);
        assertThat(hits).hasValue(3);
    }

    @Test
    void staleSetIsReadAgain() throws Exception {
        JwksSource source = JwksSource.of(serve(), true, http, clock);
        source.keys(SIGNER.keyId());
        clock.advance(JwksSource.MAX_AGE.plusSeconds(1));
        source.keys(SIGNER.keyId());
        assertThat(hits).hasValue(2);
    }

    @Test
    void keepsTheLastGoodSetWhenARefreshFails() throws Exception {
        JwksSource source = JwksSource.of(serve(), true, http, clock);
        source.keys(SIGNER.keyId());
        status.set(500);
        clock.advance(JwksSource.MAX_AGE.plusSeconds(1));
        assertThat(source.keys(SIGNER.keyId())).hasSize(1);
        assertThat(hits).hasValue(2);
    }

    @Test
    void noSetAtAllMeansKeysUnavailable() throws Exception {
        status.set(404);
        JwksSource source = JwksSource.of(serve(), true, http, clock);
        assertThatThrownBy(() -> source.keys(SIGNER.keyId()))
                .isInstanceOf(JwtRejected.class)
                .extracting(e -> ((JwtRejected) e).reason())
                .isEqualTo(JwtRejected.Reason.KEYS_UNAVAILABLE);
    }

    @Test
    void hostileDocumentsAreNotKeySets() throws Exception {
        for (String hostile : List.of("not json", "{\"keys\":\"x\"}", "[]", "{\"keys\":[{\"kty\":\"EC\"}]}")) {
            Path file = Files.writeString(dir.resolve("bad.json"), hostile);
            JwksSource source = JwksSource.of(file.toUri(), false, http, clock);
            assertThatThrownBy(() -> source.keys("k")).as(hostile).isInstanceOf(JwtRejected.class);
        }
    }

    @Test
    void oversizedDocumentsAreRefusedOverHttpAndFromFiles() throws Exception {
        String huge = "{\"keys\":[]," + "\"x\":\"" + "a".repeat(JwksSource.MAX_BYTES) + "\"}";
        body.set(huge);
        JwksSource remote = JwksSource.of(serve(), true, http, clock);
        assertThatThrownBy(() -> remote.keys("k")).isInstanceOf(JwtRejected.class);

        Path file = Files.writeString(dir.resolve("huge.json"), huge);
        JwksSource local = JwksSource.of(file.toUri(), false, http, clock);
        assertThatThrownBy(() -> local.keys("k")).isInstanceOf(JwtRejected.class);
    }

    @Test
    void missingFileMeansKeysUnavailable() {
        JwksSource source = JwksSource.of(dir.resolve("absent.json").toUri(), false, http, clock);
        assertThatThrownBy(() -> source.keys("k")).isInstanceOf(JwtRejected.class);
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> source.keys("k")).isInstanceOf(JwtRejected.class);
    }
}
