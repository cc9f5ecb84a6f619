package io.proxyaudit.audit;

import io.proxyaudit.flow.FlowHost;
import java.util.Comparator;
import java.util.Locale;

/**
 * Where one connection went, as a baseline remembers it: the destination the client wanted (the CONNECT or SOCKS
 * target through a proxy, else the flow's host and server port), the route it took and the client that made it.
 *
 * @param host   lower-case name or IP address (IPv6 without brackets)
 * @param route  {@code proxy} or {@code direct}
 * @param client the client's wire name, or {@code -} when the audit names none (DNS, not-proxyable, proxy-only)
 */
public record Endpoint(String host, int port, String route, String client) {
    public static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::host).thenComparingInt(Endpoint::port)
            .thenComparing(Endpoint::route).thenComparing(Endpoint::client);

    /** Longest host kept. */
    public static final int MAX_HOST = 253;

    public static Endpoint of(AuditedFlow f) {
        String host = null;
        int port = f.flow().serverPort();
        String t = f.target();
        int colon = t == null ? -1 : t.lastIndexOf(':');
        if (colon > 0) {
            try {
                port = Integer.parseInt(t.substring(colon + 1));
                host = t.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
            } catch (NumberFormatException e) {
                host = null; // not host:port: fall back to the flow's own destination
                port = f.flow().serverPort();
            }
        }
        if (host == null || host.isEmpty()) {
            host = FlowHost.of(f.flow());
        }
        if (host.length() > MAX_HOST) {
            host = host.substring(0, MAX_HOST); // a name from the capture: no DNS name is longer (RFC 1035 3.1)
        }
        return new Endpoint(host.toLowerCase(Locale.ROOT), port, f.route() == null ? "-" : f.route().wire(),
                f.client() == null ? "-" : f.client().wire());
    }

    /** {@code host:port route client}, IPv6 in brackets: how terminals and JUnit show it. */
    public String line() {
        return Names.hostPort(host, port) + " " + route + " " + client;
    }
}
