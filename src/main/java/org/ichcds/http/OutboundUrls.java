package org.ichcds.http;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Parsing of URLs the server is handed, before any policy is applied. */
final class OutboundUrls {

    private OutboundUrls() {}

    /**
     * Parses an absolute http(s) URL with a host; refuses user info ({@code https://a@b/}), fragments, other schemes
     * and anything {@link URI} would read differently from an HTTP client.
     */
    public static URI parse(String url) throws OutboundRefusal {
        if (url == null || url.isBlank()) {
            throw new OutboundRefusal("no URL given", "");
        }
        if (url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '\\')) {
            throw new OutboundRefusal("the URL holds spaces, control characters or backslashes", "");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new OutboundRefusal("not a URL: " + e.getReason(), "");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new OutboundRefusal("scheme '" + scheme + "' is not http or https", "");
        }
        if (uri.getRawAuthority() == null || uri.getHost() == null) {
            throw new OutboundRefusal("the URL has no host (or a host Java cannot parse)", "");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw new OutboundRefusal("the URL carries user information before its host", "");
        }
        if (uri.getRawFragment() != null) {
            throw new OutboundRefusal("the URL has a fragment", "");
        }
        return uri;
    }

    /** The host in lower case, IDNs in ASCII, IPv6 literals canonical and without brackets. */
    static String host(URI uri) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            String literal = host.substring(1, host.length() - 1);
            try {
                // a literal never triggers a DNS lookup
                return InetAddress.getByName(literal).getHostAddress().toLowerCase(Locale.ROOT);
            } catch (UnknownHostException e) {
                return literal.toLowerCase(Locale.ROOT);
            }
        }
        String ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    }

    /** The explicit port, or the scheme's default (RFC 9110 §4.2: 80 for http, 443 for https). */
    static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
