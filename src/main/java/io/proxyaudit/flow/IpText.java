package io.proxyaudit.flow;

import io.proxyaudit.proto.dns.Ipv6Text;

/** IP addresses as text: dotted quad, IPv6 in RFC 5952 form (one formatter for the whole tool: {@link Ipv6Text}). */
final class IpText {
    private IpText() {}

    static String format(byte[] a, int length) {
        if (length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        return Ipv6Text.format(a, 0);
    }
}
