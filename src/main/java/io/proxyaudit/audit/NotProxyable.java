package io.proxyaudit.audit;

import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.IpLiteral;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;

/**
 * Whether a direct flow is traffic that no HTTP proxy could have carried, so no proxy variable could have
 * changed it (verdict {@link Verdict#NOT_PROXYABLE}). An HTTP proxy carries TCP requests of HTTP clients
 * (CONNECT, RFC 9110 §9.3.6; absolute-URI requests, RFC 9112 §3.2.2) to a unicast destination beyond this link:
 * <ul>
 *   <li>the IPv4 limited broadcast 255.255.255.255 (RFC 919), multicast (224.0.0.0/4, RFC 5771; ff00::/8,
 *       RFC 4291 §2.7) and link-local destinations (169.254.0.0/16, RFC 3927; fe80::/10, RFC 4291 §2.5.6) are
 *       not;</li>
 *   <li>UDP is not, except DNS (port 53, judged by the audit as DNS) and UDP to port 443, which may be QUIC and is
 *       judged like TCP; DHCP (67/68), DHCPv6 (546/547), NTP (123), NetBIOS (137/138), SSDP (1900), mDNS (5353)
 *       and LLMNR (5355) are named;</li>
 *   <li>TCP is a fetch when it shows HTTP or TLS, goes to a port HTTP, TLS, ssh or git use (80, 443, 8080, 8443,
 *       22, 9418) or a proxy port (1080, 3128), or to a catalogued endpoint; any other TCP (a database on 5432, a
 *       SYN to 3306) is not: its client reads no proxy variable.</li>
 * </ul>
 * A subnet broadcast (x.x.x.255 in a /24) cannot be told from a host address without the netmask, which a
 * capture does not hold; UDP to it is still not proxyable as UDP. Flows carry TCP and UDP only: ICMP is counted
 * by the decoder ({@code icmp}) and never judged.
 */
final class NotProxyable {
    /**
     * TCP ports whose connections stay fetches when their payload shows nothing (SYN only, midstream, gaps): HTTP,
     * TLS, ssh and git ports, and the SOCKS and squid ports, whose connections may go to a proxy that no
     * configuration names (a SOCKS handshake is not parsed).
     */
    private static final int[] FETCH_PORTS = {80, 443, 8080, 8443, 22, 9418, 1080, 3128};

    /** The code and the plain reason of a not-proxyable flow. */
    record Why(ReasonCode code, String reason) {}

    private NotProxyable() {}

    /**
     * @param role the destination's catalogued role ({@link Role#OTHER}: none)
     * @param ip   the server address parsed ({@link IpLiteral#parse}), null when it is not a literal
     * @return why {@code f} is not proxyable, or null when it could be a fetch
     */
    static Why of(FlowRecord f, Role role, byte[] ip) {
        boolean udp = "udp".equals(f.transport());
        if (udp) {
            String service = service(f.serverPort());
            if (service == null) {
                service = service(f.clientPort());
            }
            if (service != null) {
                return new Why(ReasonCode.NOT_PROXYABLE_LOCAL_SERVICE, service + place(ip, f.serverIp())
                        + ": a local network service over UDP; an HTTP proxy carries only TCP requests");
            }
        }
        Why address = byAddress(ip, f.serverIp());
        if (address != null) {
            return address;
        }
        if (udp) {
            if (f.serverPort() == 443) {
                return null; // possibly QUIC (HTTP/3): judged like a TCP fetch
            }
            return new Why(ReasonCode.NOT_PROXYABLE_UDP, "UDP to port " + f.serverPort()
                    + " (neither DNS nor QUIC on 443): an HTTP proxy carries only TCP requests");
        }
        if (showsFetch(f) || role != Role.OTHER || isFetchPort(f.serverPort())) {
            return null;
        }
        String seen = f.bytesC2s() == 0 ? "no payload was seen (" + f.state() + ")"
                : f.flags() != null && (f.flags().contains("midstream") || f.flags().contains("gap"))
                ? "the start of its stream was not captured, so the port decides" : "its payload is neither HTTP nor TLS";
        return new Why(ReasonCode.NOT_PROXYABLE_TCP, "TCP to port " + f.serverPort() + ", no HTTP, TLS, ssh, git or proxy"
                + " port and no catalogued endpoint, and " + seen + ": not a fetch by a client that reads proxy variables");
    }

    private static Why byAddress(byte[] ip, String text) {
        if (ip == null) {
            return null;
        }
        if (ip.length == 4 && (ip[0] & 0xff) == 255 && (ip[1] & 0xff) == 255 && (ip[2] & 0xff) == 255
                && (ip[3] & 0xff) == 255) {
            return new Why(ReasonCode.NOT_PROXYABLE_BROADCAST, "sent to the broadcast address " + text
                    + ": a proxy forwards requests to one host, never a broadcast");
        }
        if (ip.length == 4 ? (ip[0] & 0xf0) == 0xe0 : (ip[0] & 0xff) == 0xff) {
            return new Why(ReasonCode.NOT_PROXYABLE_MULTICAST, "sent to the multicast group " + text
                    + ": a proxy forwards requests to one host, never to a group");
        }
        if (ip.length == 4 ? (ip[0] & 0xff) == 169 && (ip[1] & 0xff) == 254
                : (ip[0] & 0xff) == 0xfe && (ip[1] & 0xc0) == 0x80) {
            return new Why(ReasonCode.NOT_PROXYABLE_LINK_LOCAL, "to the link-local address " + text
                    + ": reachable on this link only, not from a proxy elsewhere");
        }
        return null;
    }

    private static String place(byte[] ip, String text) {
        Why a = byAddress(ip, text);
        if (a == null) {
            return " to " + text;
        }
        return switch (a.code()) {
            case NOT_PROXYABLE_BROADCAST -> " to the broadcast address " + text;
            case NOT_PROXYABLE_MULTICAST -> " to the multicast group " + text;
            default -> " to the link-local address " + text;
        };
    }

    /** Well-known local UDP services (IANA service names registry). */
    private static String service(int port) {
        return switch (port) {
            case 67, 68 -> "DHCP (UDP " + port + ")";
            case 546, 547 -> "DHCPv6 (UDP " + port + ")";
            case 123 -> "NTP (UDP 123)";
            case 137 -> "NetBIOS name service (UDP 137)";
            case 138 -> "NetBIOS datagram service (UDP 138)";
            case 1900 -> "SSDP (UDP 1900)";
            case 5353 -> "mDNS (UDP 5353)";
            case 5355 -> "LLMNR (UDP 5355)";
            default -> null;
        };
    }

    /** HTTP or TLS seen on the connection, or an attempt at them that did not parse. */
    private static boolean showsFetch(FlowRecord f) {
        if (f.clientHello() != null || f.tunnelHello() != null || f.connect() != null
                || (f.http() != null && !f.http().isEmpty())) {
            return true;
        }
        return f.flags() != null && (f.flags().contains("tls-malformed") || f.flags().contains("http-malformed"));
    }

    private static boolean isFetchPort(int port) {
        for (int p : FETCH_PORTS) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }
}
