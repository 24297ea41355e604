package org.ichcds.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A base URL the server may fetch under: scheme, host and port must be equal, and the path must be the base path or
 * continue it after a {@code /}. Compared on the parsed URL, never as a string prefix, so that
 * {@code https://pacs.example.org} does not allow {@code https://pacs.example.org.evil.net/} or
 * {@code https://pacs.example.org@evil.net/}.
 *
 * @param scheme {@code https} or {@code http}, lower case
 * @param host lower case; an IPv6 literal without brackets, in canonical form
 * @param port explicit, or the scheme's default
 * @param path the base path without a trailing {@code /} ({@code ""} for the root)
 */
public record AllowedBase(String scheme, String host, int port, String path) {

    /** Parses a configured base URL; refuses user info, queries and fragments. */
    public static AllowedBase parse(String url) {
        URI uri;
        try {
            uri = OutboundUrls.parse(url);
        } catch (OutboundRefusal e) {
            throw new IllegalArgumentException("allowed base URL '" + url + "': " + e.getMessage(), e);
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("allowed base URL '" + url + "' must not have a query");
        }
        return new AllowedBase(
                uri.getScheme().toLowerCase(Locale.ROOT),
                OutboundUrls.host(uri),
                OutboundUrls.port(uri),
                trimSlash(uri.getRawPath()));
    }

    /** Whether a parsed URL (from {@link OutboundUrls#parse}) lies under this base. */
    public boolean covers(URI uri) {
        if (!scheme.equals(uri.getScheme().toLowerCase(Locale.ROOT))
                || !host.equals(OutboundUrls.host(uri))
                || port != OutboundUrls.port(uri)) {
            return false;
        }
        String candidate = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (candidate.contains("/../") || candidate.endsWith("/..") || candidate.contains("/./")) {
            return false; // dot segments could climb out of the base path on the server's side
        }
        return path.isEmpty() || candidate.equals(path) || candidate.startsWith(path + "/");
    }

    /** Scheme, host and port: where credentials for this base may be sent. */
    public String origin() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }

    @Override
    public String toString() {
        try {
            return new URI(scheme, null, host, port, path.isEmpty() ? "/" : path, null, null).toString();
        } catch (URISyntaxException e) {
            return origin() + path;
        }
    }

    private static String trimSlash(String path) {
        String p = path == null ? "" : path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
