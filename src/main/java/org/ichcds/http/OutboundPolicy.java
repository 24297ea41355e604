package org.ichcds.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the server may fetch a URL: it must lie under one of the allowed bases (compared on the parsed
 * scheme, host, port and path; {@link #check}), use https unless plain http is explicitly allowed, and every address
 * its host resolves to must pass the {@link AddressPolicy} ({@link #resolve}, when the connection is made). Redirects are not followed by the clients that use this policy, so the URL
 * checked is the URL fetched.
 */
public final class OutboundPolicy {

    private final AddressPolicy addresses;
    private final HostResolver resolver;

    /** Resolves host names; the JDK's resolver in production. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public OutboundPolicy(AddressPolicy addresses) {
        this(addresses, InetAddress::getAllByName);
    }

    public OutboundPolicy(AddressPolicy addresses, HostResolver resolver) {
        this.addresses = addresses;
        this.resolver = resolver;
    }

    public AddressPolicy addresses() {
        return addresses;
    }

    /**
     * Parses and checks a URL against the allowed bases.
     *
     * @param allowHttp whether plain {@code http:} is allowed for this kind of URL (an explicit setting)
     * @param httpSetting the setting that allows http, named in the refusal
     * @return the parsed URL and the base it lies under
     * @throws OutboundRefusal if it lies under none, or is http without the setting
     */
    public static Allowed check(String url, List<AllowedBase> allowed, boolean allowHttp, String httpSetting)
            throws OutboundRefusal {
        URI uri = OutboundUrls.parse(url);
        if (uri.getScheme().equalsIgnoreCase("http") && !allowHttp) {
            throw new OutboundRefusal("plain http is not allowed here", httpSetting);
        }
        Optional<AllowedBase> base = allowed.stream().filter(b -> b.covers(uri)).findFirst();
        if (base.isEmpty()) {
            throw new OutboundRefusal("the URL is under none of the " + allowed.size() + " allowed base URLs", "");
        }
        return new Allowed(uri, base.get());
    }

    /** A URL that passed {@link #check} and the base it lies under. */
    public record Allowed(URI uri, AllowedBase base) {}

    /**
     * Resolves a host and checks every address it resolves to (a name with one internal address among public ones
     * is refused); the HTTP clients connect only to the addresses returned.
     */
    public InetAddress[] resolve(String host) throws UnknownHostException, OutboundRefusal {
        InetAddress[] resolved = resolver.resolve(host);
        if (resolved.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : resolved) {
            addresses.check(address);
        }
        return resolved;
    }
}
