package io.proxyaudit.wire;

import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.client.Destination;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The model's answer for a Go case ({@code explain --client go}: {@link ClientPolicies} for {@link Client#GO_HTTP}
 * at the probe's release) next to what the real Go program did on the wire, and whether they agree: the same first
 * connection (to the proxy or the target, address and port, opened with a SOCKS5 request, CONNECT, an absolute-URI
 * request, TLS or an origin-form request), or none; and who resolved the target's name. A SOCKS5 request must carry
 * the name when the target is a name (the model: Go sends the proxy the name, socks5:// and socks5h:// alike), and
 * no DNS query for the target may come before a proxied connection. A direct fetch of a name outside the hosts file
 * must show the lookup and no connection (the listener answers NXDOMAIN).
 */
record GoWireVerdict(String observed, String expected, RouteDecision model, boolean agrees) {

    static RouteDecision model(WireCase c, Version go) {
        ProxyConfig.Builder b = ProxyConfig.builder().goVersion(go);
        c.env().forEach((k, v) -> b.put(k, v, "env"));
        return ClientPolicies.of(b.build()).policy(Client.GO_HTTP).route(Destination.ofUrl(c.url()));
    }

    /** {@code events}: the probe's connection list ({@code -} for none), {@code address port what | ...}. */
    static GoWireVerdict of(WireCase c, String events, Version go) {
        RouteDecision d = model(c, go);
        Destination t = Destination.ofUrl(c.url());
        String host = t.host().toLowerCase(Locale.ROOT);
        boolean literal = WireHosts.canonical(host) != null;
        List<String> lookups = new ArrayList<>();
        String first = null;
        for (String e : events.equals("-") ? new String[0] : events.split(" \\| ")) {
            String[] f = e.split(" ", 5);
            if (f.length >= 4 && f[2].equals("DNS")) {
                lookups.add(f[3]);
            } else if (first == null) {
                first = e;
            }
        }
        boolean lookedUp = lookups.contains(host);
        String observed = (first == null ? "none" : first) + (lookups.isEmpty() ? "" : " (DNS " + String.join(",", lookups) + ")");
        boolean tls = t.scheme().equals("https");
        int port = t.port() >= 0 ? t.port() : tls ? 443 : 80;
        String expected;
        boolean agrees;
        if (d.route() == RouteDecision.Kind.PROXY) {
            ProxyUrl p = ProxyUrl.parseCurl(d.proxyUrl());
            boolean socks = p.isSocks() && p.goSupported(go);
            String opening = socks ? "SOCKS5" : p.scheme().equals("https") ? "TLS" : tls ? "CONNECT " : "GET http://";
            Set<String> at = WireHosts.addresses(p.host());
            int proxyPort = p.effectivePort();
            expected = "proxy " + String.join("/", at.stream().sorted().toList()) + ":" + proxyPort + " " + opening
                    + (socks ? literal ? " <address>" : " " + host : "") + ", no lookup of " + host;
            agrees = first != null && !lookedUp && opens(first, at, proxyPort, opening);
            if (agrees && socks) {
                String[] request = first.split(" ");
                // request: address port SOCKS5 host port
                String sent = request.length >= 5 ? request[3] : "";
                agrees = (literal ? WireHosts.canonical(host).equals(WireHosts.canonical(sent)) : sent.equalsIgnoreCase(host))
                        && request[4].equals(Integer.toString(port));
            }
        } else if (d.route() == RouteDecision.Kind.DIRECT) {
            Set<String> at = WireHosts.addresses(host);
            if (at.isEmpty()) {
                expected = "a lookup of " + host + " (NXDOMAIN), no connection";
                agrees = first == null && lookedUp;
            } else {
                String opening = tls ? "TLS" : "GET /";
                expected = "direct " + String.join("/", at.stream().sorted().toList()) + ":" + port + " " + opening;
                agrees = first != null && opens(first, at, port, opening);
            }
        } else {
            expected = "no connection (" + d.route().wire() + ")";
            agrees = first == null;
        }
        return new GoWireVerdict(observed, expected, d, agrees);
    }

    private static boolean opens(String event, Set<String> addresses, int port, String opening) {
        String[] f = event.split(" ", 3);
        return f.length == 3 && addresses.contains(f[0]) && Integer.parseInt(f[1]) == port && f[2].startsWith(opening);
    }
}
