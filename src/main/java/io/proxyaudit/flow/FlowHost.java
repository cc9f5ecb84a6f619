package io.proxyaudit.flow;

import io.proxyaudit.proto.Authority;
import io.proxyaudit.proto.tls.ClientHello;
import java.util.List;
import java.util.Locale;

/**
 * The one rule for a flow's destination name, used by every output (the flow record's {@code host}, the
 * audit, the HTML report): the SNI inside a CONNECT or SOCKS tunnel, the SOCKS target, the CONNECT target's host, the first HTTP
 * request's Host (else its absolute-form target's host), the SNI (unless the hello offers ECH and DNS names the
 * address otherwise: {@link #echFallback}), a DNS name learnt for the server address, else the server address. Only one of "TLS on the connection" and "HTTP on the connection" can happen on
 * a TCP connection, so the order between SNI and HTTP only matters through a tunnel.
 */
public final class FlowHost {
    /** Where the name came from. */
    public enum Source { TUNNEL_SNI, SOCKS, CONNECT, HTTP_HOST, HTTP_TARGET, SNI, DNS, ADDRESS }

    /**
     * A flow's name and where it came from.
     *
     * @param host   the name (lower case, except an SNI, which is kept as sent)
     * @param source which field of the flow it came from
     * @param raw    the field as sent (the Host header with its port, the CONNECT target), for display
     */
    public record Choice(String host, Source source, String raw) {}

    private FlowHost() {}

    /** The name of a finished flow: its record's {@code host} (chosen by this rule when it was built). */
    public static String of(FlowRecord f) {
        return f.host() != null && !f.host().isEmpty() ? f.host() : choose(f).host();
    }

    /**
     * The name of a flow for display, saying where it came from ({@code SNI x}, {@code SNI x (in tunnel)},
     * {@code CONNECT target}, {@code Host h}); a DNS name or an address as it is.
     */
    public static String label(FlowRecord f) {
        Choice c = choose(f);
        return switch (c.source()) {
            case TUNNEL_SNI -> "SNI " + c.raw() + " (in tunnel)";
            case SNI -> "SNI " + c.raw();
            case CONNECT -> "CONNECT " + c.raw();
            case SOCKS -> "SOCKS " + c.raw();
            case HTTP_HOST -> "Host " + c.raw();
            default -> of(f);
        };
    }

    static Choice choose(FlowRecord f) {
        return choose(f.tunnelHello(), f.socks(), f.connect(), f.http(), f.clientHello(), f.serverNames(), f.serverIp());
    }

    static Choice choose(ClientHello tunnelHello, SocksInfo socks, ConnectInfo connect, List<HttpExchange> http, ClientHello clientHello,
                         List<String> serverNames, String serverIp) {
        if (tunnelHello != null && notEmpty(tunnelHello.sni())) {
            return new Choice(tunnelHello.sni(), Source.TUNNEL_SNI, tunnelHello.sni());
        }
        if (socks != null && notEmpty(socks.request().host())) {
            String h = socks.request().host();
            String target = (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + socks.request().port();
            return new Choice(lower(socks.request().host()), Source.SOCKS, target);
        }
        if (connect != null && notEmpty(connect.targetHost())) {
            return new Choice(connect.targetHost(), Source.CONNECT, connect.target());
        }
        if (http != null && !http.isEmpty()) {
            HttpExchange first = http.get(0);
            if (notEmpty(first.host())) {
                String h = authorityHost(first.host());
                if (notEmpty(h)) {
                    return new Choice(h, Source.HTTP_HOST, first.host());
                }
            } else if (authorityWhole(first)) {
                Authority a = first.target() == null ? null : Authority.ofAbsoluteTarget(first.target());
                String h = a == null ? null : lower(a.host());
                if (notEmpty(h)) {
                    return new Choice(h, Source.HTTP_TARGET, first.target());
                }
            }
        }
        if (clientHello != null && notEmpty(clientHello.sni())) {
            String hidden = clientHello.offersEch() ? echFallback(clientHello.sni(), serverNames) : null;
            if (hidden != null) {
                return new Choice(hidden, Source.DNS, hidden);
            }
            return new Choice(clientHello.sni(), Source.SNI, clientHello.sni());
        }
        if (serverNames != null && !serverNames.isEmpty()) {
            return new Choice(serverNames.get(0), Source.DNS, serverNames.get(0));
        }
        return new Choice(serverIp, Source.ADDRESS, serverIp);
    }

    /**
     * With encrypted_client_hello the SNI may be only the outer, public name (draft-ietf-tls-esni §6.1:
     * {@code ECHConfig.public_name}, e.g. cloudflare-ech.com), and the real name is encrypted. A DNS name the
     * capture saw for the server address that is not the SNI is then the better name; when the DNS names include
     * the SNI (GREASE ECH, §6.2, carries the real name outside) or there are none, the SNI stays.
     */
    static String echFallback(String sni, List<String> serverNames) {
        if (serverNames == null || serverNames.isEmpty()) {
            return null;
        }
        String s = trimDot(lower(sni));
        for (String n : serverNames) {
            if (trimDot(lower(n)).equals(s)) {
                return null;
            }
        }
        return serverNames.get(0);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * False when the request's absolute-form target was cut (snap length, or longer than the parser keeps) before
     * its authority ended: "http://plain.lab.t" names no host.
     */
    public static boolean authorityWhole(HttpExchange x) {
        String t = x.target();
        if (t == null || !x.flags().contains("target-cut")) {
            return true;
        }
        int scheme = t.indexOf("://");
        for (int i = scheme < 0 ? 0 : scheme + 3; i < t.length(); i++) {
            if ("/?#".indexOf(t.charAt(i)) >= 0) {
                return scheme >= 0;
            }
        }
        return false;
    }

    /** Host of {@code host[:port]} or {@code [v6]:port}, lower case; null when empty. */
    static String authorityHost(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        String h = lower(Authority.ofAuthority(authority.trim()).host());
        return h.isEmpty() ? null : h;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
