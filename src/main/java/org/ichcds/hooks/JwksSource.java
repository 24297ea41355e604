package org.ichcds.hooks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.ichcds.http.OutgoingHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of one trusted CDS client, read from a JWKS at a {@code file:} or {@code https:} URI (or {@code http:}
 * when allowed) and cached. The set is read lazily, re-read when it is older than {@link #MAX_AGE} (key rotation), and
 * re-read when an unknown {@code kid} appears, but never more often than once per {@code minRefreshInterval}, so forged
 * key ids cannot make the server hammer the client's JWKS URL. When a re-read fails, the last good set is kept.
 */
final class JwksSource {

    private static final Logger log = LoggerFactory.getLogger(JwksSource.class);

    /** How long a fetched set is used before it is read again. */
    static final Duration MAX_AGE = Duration.ofMinutes(15);
    /** Minimum time between two reads of a remote JWKS. */
    static final Duration REMOTE_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** A local file is cheap to read again (the demo rewrites its JWKS when it makes new keys). */
    static final Duration FILE_REFRESH_INTERVAL = Duration.ofSeconds(2);
    /** A JWKS of a few keys is a few kB; anything near this limit is not a key set. */
    static final int MAX_BYTES = 256 * 1024;

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;
    private final CloseableHttpClient http;
    private final Clock clock;
    private final Duration minRefreshInterval;

    // read without the lock on every call; written under it
    private volatile List<JWK> keys;
    private volatile Instant fetchedAt = Instant.MIN;
    private final ReentrantLock refreshing = new ReentrantLock();
    private Instant lastAttempt = Instant.MIN; // guarded by refreshing

    private JwksSource(URI uri, CloseableHttpClient http, Clock clock, Duration minRefreshInterval) {
        this.uri = uri;
        this.http = http;
        this.clock = clock;
        this.minRefreshInterval = minRefreshInterval;
    }

    /**
     * @throws IllegalArgumentException naming the URI when its scheme is not {@code file}, {@code https}, or
     *     {@code http} with {@code allowHttp}
     */
    static JwksSource of(URI uri, boolean allowHttp, CloseableHttpClient http, Clock clock) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return new JwksSource(uri, http, clock, FILE_REFRESH_INTERVAL);
            case "https":
                return new JwksSource(uri, http, clock, REMOTE_REFRESH_INTERVAL);
            case "http":
                if (allowHttp) {
                    return new JwksSource(uri, http, clock, REMOTE_REFRESH_INTERVAL);
                }
                throw new IllegalArgumentException("jwks-uri " + uri
                        + " uses http; use https, or set ichcds.cds.allow-http-jwks=true for local tests");
            default:
                throw new IllegalArgumentException("jwks-uri " + uri + " must be a file: or https: URI");
        }
    }

    URI uri() {
        return uri;
    }

    /**
     * The public keys with this key id, reading the set again first when it is stale or does not know the id (within
     * the rate limit).
     *
     * @throws JwtRejected {@code KEYS_UNAVAILABLE} when no set could ever be read
     */
    List<JWK> keys(String kid) throws JwtRejected {
        Instant now = clock.instant();
        List<JWK> current = keys;
        if (current == null) {
            refreshing.lock();
            try {
                if (keys == null) {
                    refresh(now);
                }
            } finally {
                refreshing.unlock();
            }
            current = keys;
            if (current == null) {
                throw new JwtRejected(JwtRejected.Reason.KEYS_UNAVAILABLE);
            }
        } else if (now.isAfter(fetchedAt.plus(MAX_AGE)) && refreshing.tryLock()) {
            // one caller reads a stale set again; the others go on with it meanwhile
            try {
                refresh(now);
            } finally {
                refreshing.unlock();
            }
            current = keys;
        }
        List<JWK> found = withId(current, kid);
        if (found.isEmpty()) {
            refreshing.lock();
            try {
                found = withId(keys, kid); // another caller may have read it already
                if (found.isEmpty() && refresh(now)) {
                    found = withId(keys, kid);
                }
            } finally {
                refreshing.unlock();
            }
        }
        return found;
    }

    private static List<JWK> withId(List<JWK> keys, String kid) {
        return keys.stream().filter(k -> kid.equals(k.getKeyID())).toList();
    }

    /** Reads the set unless the last attempt was too recent; returns whether a new set was read. */
    private boolean refresh(Instant now) {
        if (now.isBefore(lastAttempt.plus(minRefreshInterval))) {
            return false;
        }
        lastAttempt = now;
        try {
            // public parts only: drops private members and symmetric (oct) keys, which must never verify a CDS JWT
            keys = JWKSet.parse(read()).toPublicJWKSet().getKeys();
            fetchedAt = now;
            return true;
        } catch (IOException | ParseException e) {
            log.warn(
                    "JWKS {} could not be read ({}); keeping {}",
                    uri,
                    e.getMessage(),
                    keys == null ? "none" : "the last set");
            return false;
        }
    }

    private String read() throws IOException {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path path = uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri);
            if (Files.size(path) > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        }
        HttpGet request = new HttpGet(uri);
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        return http.execute(request, response -> {
            if (response.getCode() != 200) {
                throw new IOException("HTTP " + response.getCode());
            }
            HttpEntity entity = response.getEntity();
            // the body is read only up to the limit; the rest is never downloaded
            try (InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        });
    }

    /** The client for remote JWKS: short timeouts; like every outgoing client, it never follows a redirect. */
    static CloseableHttpClient defaultHttpClient() {
        return OutgoingHttp.shared(HTTP_TIMEOUT, HTTP_TIMEOUT);
    }
}
