package io.proxyaudit.wire;

import io.proxyaudit.policy.CurlProxySelector;
import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import java.util.Locale;
import java.util.Set;

/**
 * The model's answer for a case ({@code explain --client curl|git}: {@link CurlProxySelector},
 * {@link GitProxySelector}) next to what the real program did on the wire, and whether they agree: the same
 * route (a connection to a proxy, to the target, or none), to the same address and port, opened the same way
 * (CONNECT or an absolute-URI request at an HTTP proxy, TLS at an HTTPS proxy, a SOCKS4 or SOCKS5 request; TLS or
 * an origin-form request at the target).
 */
record WireVerdict(WireCase wireCase, String observed, String expected, RouteDecision model, boolean agrees) {
    static final Version CURL = new Version(7, 88, 1);

    /** The configuration a case gives the model: its environment as the program's process environment. */
    static ProxyConfig config(WireCase c) {
        ProxyConfig.Builder b = ProxyConfig.builder().curlVersion(CURL);
        c.env().forEach((k, v) -> b.put(k, v, "env"));
        return b.build();
    }

    static RouteDecision model(WireCase c) {
        ProxyConfig config = config(c);
        return c.program().equals("curl") ? new CurlProxySelector(config).decide(c.url()) : new GitProxySelector(config).decide(c.url());
    }

    /** {@code events} is the probe's connection list ({@code -} for none): {@code address port what | ...}. */
    static WireVerdict of(WireCase c, String events) {
        RouteDecision d = model(c);
        String first = events.equals("-") ? null : events.split(" \\| ")[0];
        String observed = first == null ? "none" : describe(first);
        Expect e = expect(c, d);
        boolean agrees;
        if (e == null) {
            agrees = first == null;
        } else if (first == null) {
            agrees = false;
        } else {
            String[] f = first.split(" ", 3);
            agrees = e.addresses().contains(f[0]) && Integer.parseInt(f[1]) == e.port() && f.length == 3 && f[2].startsWith(e.opening());
            if (agrees && e.sendsName() != null) {
                // who resolves the name: the SOCKS request carries it (socks5h, socks4a) or an address (socks5, socks4)
                String[] request = f[2].split(" ");
                agrees = request.length >= 3 && (WireHosts.canonical(request[1]) == null) == e.sendsName();
            }
        }
        return new WireVerdict(c, observed, e == null ? "none (" + d.route().wire() + ")" : e.text(), d, agrees);
    }

    /** An observed connection in the model's words: {@code proxy|direct address:port opening}. */
    private static String describe(String event) {
        String[] f = event.split(" ", 3);
        String role = WireHosts.PROXY_ADDRESSES.contains(f[0]) ? "proxy" : "direct";
        return role + " " + f[0] + ":" + f[1] + " " + (f.length > 2 ? f[2] : "");
    }

    /** @param sendsName for a SOCKS request: true when it carries the target's name, false an address; else null */
    private record Expect(String role, Set<String> addresses, int port, String opening, Boolean sendsName) {
        Expect(String role, Set<String> addresses, int port, String opening) {
            this(role, addresses, port, opening, null);
        }

        String text() {
            return role + " " + String.join("/", addresses.stream().sorted().toList()) + ":" + port + " " + opening
                    + (sendsName == null ? "" : sendsName ? "<name>" : "<address>");
        }
    }

    /** The connection the model's decision implies, or null for none (error, or no network). */
    private static Expect expect(WireCase c, RouteDecision d) {
        String url = c.url();
        String scheme = url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (d.route() == RouteDecision.Kind.PROXY) {
            ProxyUrl p = ProxyUrl.parseCurl(d.proxyUrl());
            String host = io.proxyaudit.policy.HostPort.ofUrl(url).host();
            // lib/socks.c do_SOCKS4: SOCKS4 carries an IPv4 address only; for a target without one curl connects
            // to the proxy and gives up before sending the request (still no bypass: the route is the proxy's)
            boolean noV4 = host.indexOf(':') >= 0 || WireHosts.addresses(host).stream().allMatch(a -> a.indexOf(':') >= 0);
            String opening = switch (p.scheme()) {
                case "https" -> "TLS";
                case "socks4" -> noV4 ? "EOF" : "SOCKS4";
                case "socks4a" -> "SOCKS4";
                case "socks5", "socks5h" -> "SOCKS5";
                default -> tls ? "CONNECT " : "GET " + scheme + "://";
            };
            Boolean sendsName = !p.isSocks() || opening.equals("EOF") ? null
                    : !p.curlResolvesLocally() && WireHosts.canonical(host.replaceAll("^\\[|\\]$|%.*$", "")) == null;
            return new Expect("proxy", WireHosts.addresses(p.host()), p.effectivePortCurl(), opening, sendsName);
        }
        if (d.route() == RouteDecision.Kind.DIRECT) {
            var hp = io.proxyaudit.policy.HostPort.ofUrl(url);
            int port = hp.port() >= 0 ? hp.port() : tls ? 443 : 80;
            return new Expect("direct", WireHosts.addresses(hp.host()), port, tls ? "TLS" : "GET /");
        }
        return null;
    }
}
