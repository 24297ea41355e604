package org.ichcds.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Which IP addresses the server may connect to. Link-local addresses (which hold cloud metadata services), the
 * well-known metadata addresses, unspecified, multicast and broadcast addresses are always refused; loopback and
 * private ones only when a setting allows them. Checked on every address a host resolves to, when the connection is
 * made, so a name that resolves to an internal address is refused as the address itself would be.
 *
 * @param allowLoopback 127.0.0.0/8 and ::1 ({@code ichcds.outbound.allow-loopback})
 * @param allowPrivate RFC 1918, RFC 6598 shared space and IPv6 unique-local ({@code ichcds.outbound.allow-private})
 */
public record AddressPolicy(boolean allowLoopback, boolean allowPrivate) {

    // AWS IPv6 metadata (in fc00::/7), Azure's wire server and Alibaba's metadata (outside the private ranges)
    private static final Set<String> METADATA = Set.of("fd00:ec2:0:0:0:0:0:254", "168.63.129.16", "100.100.100.200");

    /** Neither loopback nor private addresses. */
    public static AddressPolicy strict() {
        return new AddressPolicy(false, false);
    }

    /** Throws when the address may not be connected to. */
    public void check(InetAddress address) throws OutboundRefusal {
        InetAddress a = unmapped(address);
        String text = a.getHostAddress();
        if (METADATA.contains(text) || a.isLinkLocalAddress()) {
            throw new OutboundRefusal("address " + text + " is link-local or a cloud metadata service", "");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || isBroadcastOrThisNetwork(a)) {
            throw new OutboundRefusal("address " + text + " is not a unicast host address", "");
        }
        if (a.isLoopbackAddress() && !allowLoopback) {
            throw new OutboundRefusal("address " + text + " is loopback", "ichcds.outbound.allow-loopback");
        }
        if (isPrivate(a) && !allowPrivate) {
            throw new OutboundRefusal("address " + text + " is private", "ichcds.outbound.allow-private");
        }
    }

    /** Whether an address lies in a private range: RFC 1918, RFC 6598, IPv6 unique-local (RFC 4193), site-local. */
    static boolean isPrivate(InetAddress address) {
        if (address.isSiteLocalAddress()) {
            return true; // 10/8, 172.16/12, 192.168/16, and the deprecated IPv6 fec0::/10
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7
    }

    private static boolean isBroadcastOrThisNetwork(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && ((b[0] & 0xff) == 0 || (b[0] & 0xff) == 255);
    }

    /** An IPv4-mapped or IPv4-compatible IPv6 address as the IPv4 address it carries. */
    static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return address;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
