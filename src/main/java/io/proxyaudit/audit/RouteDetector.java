package io.proxyaudit.audit;

import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.FlowHost;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.flow.SocksInfo;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.Redaction;
import io.proxyaudit.proto.socks.SocksRequest;

/**
 * Whether a flow went through a proxy, and to which target: a connection to a proxy the configuration names
 * (address and port, or one of its DNS names), a {@code CONNECT} request, a SOCKS request, or an absolute-URI
 * request ({@code GET http://host/...}, RFC 9112 §3.2.2) makes it proxied; anything else went direct.
 */
final class RouteDetector {
    /**
     * @param proxy      the proxy URL (credentials removed; {@code http://ip:port} for a detected one)
     * @param configured true when the configuration names this proxy, false when only its traffic shows it
     * @param host       the target the client asked the proxy for, or null when none is visible
     * @param port       the target's port, or -1
     * @param how        how the flow used the proxy, in plain words
     */
    record Proxied(String proxy, boolean configured, String host, int port, String how) {}

    private final EndpointCatalogue catalogue;

    RouteDetector(EndpointCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The proxied route of {@code f}, or null when it went direct. */
    Proxied detect(FlowRecord f) {
        ProxyUrl known = catalogue.proxyAt(f.serverIp(), f.serverPort(), f.serverNames());
        ConnectInfo connect = f.connect();
        HttpExchange absolute = firstAbsolute(f);
        SocksInfo socks = f.socks();
        if (known == null && connect == null && absolute == null && socks == null) {
            return null;
        }
        String scheme = socks == null ? "http" : socksScheme(socks.request());
        String proxy = known != null ? known.redacted()
                : scheme + "://" + (f.serverIp().indexOf(':') >= 0 ? "[" + f.serverIp() + "]" : f.serverIp()) + ":"
                        + f.serverPort();
        String how;
        String host = null;
        int port = -1;
        if (socks != null) {
            host = socks.request().host();
            port = socks.request().port();
            how = "SOCKS" + socks.request().version() + " " + socks.request().command() + " to "
                    + Names.hostPort(host, port) + (socks.status() == null ? "" : " (proxy answered " + socks.status() + ")");
        } else if (connect != null) {
            host = connect.targetHost();
            port = connect.targetPort();
            how = "CONNECT tunnel to " + connect.target() + (connect.status() == 0 ? "" : " (proxy answered "
                    + connect.status() + ")");
        } else if (absolute != null) {
            if (FlowHost.authorityWhole(absolute)) {
                HostPort hp = HostPort.ofUrl(absolute.target());
                host = hp.host();
                port = hp.port() >= 0 ? hp.port() : absolute.target().regionMatches(true, 0, "https:", 0, 6) ? 443 : 80;
            }
            how = "absolute-URI " + absolute.method() + " " + Redaction.redact(truncate(absolute.target()));
        } else if (f.tunnelHello() != null && f.tunnelHello().sni() != null) {
            host = f.tunnelHello().sni();
            port = 443;
            how = "TLS to " + host + " inside a tunnel";
        } else {
            how = "connection to the proxy";
        }
        if (host != null && host.isEmpty()) {
            host = null;
        }
        return new Proxied(proxy, known != null, host, port, how);
    }

    /** socks5h when the proxy resolved the name (curl's and Go's spelling), socks4a likewise, else socks5/socks4. */
    private static String socksScheme(SocksRequest r) {
        return switch (r.version()) {
            case "4" -> "socks4";
            case "4a" -> "socks4a";
            default -> r.hostIsName() ? "socks5h" : "socks5";
        };
    }

    /** The first absolute-URI request of {@code f} (RFC 9112 §3.2.2), or null. */
    static HttpExchange firstAbsolute(FlowRecord f) {
        if (f.http() != null) {
            for (HttpExchange x : f.http()) {
                if (x.target() != null && isAbsolute(x.target())) {
                    return x;
                }
            }
        }
        return null;
    }

    private static boolean isAbsolute(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
