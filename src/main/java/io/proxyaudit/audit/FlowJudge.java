package io.proxyaudit.audit;

import io.proxyaudit.client.Attribution;
import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientDetector;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.client.Destination;
import io.proxyaudit.flow.FlowHost;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.IpLiteral;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;
import io.proxyaudit.policy.RouteDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The verdict on one flow: its route ({@link RouteDetector}), its destination's role ({@link EndpointCatalogue}),
 * the client that made it ({@link ClientDetector}) and, for a direct flow, what that client's rules
 * ({@link ClientPolicies}) say it should have done. Traffic no HTTP proxy could carry ({@link NotProxyable}:
 * broadcast, DHCP, a database connection) is not-proxyable whatever the configuration; otherwise, without any proxy
 * configured a direct flow is unproxied; to a loopback address it is exempt for every client (a proxy elsewhere
 * could not reach this machine's loopback); a direct flow the rules would have proxied is a bypass, one they send
 * direct on purpose (NO_PROXY) is exempt.
 */
final class FlowJudge {
    private final ProxyConfig config;
    private final EndpointCatalogue catalogue;
    private final RouteDetector routes;
    private final ClientPolicies policies;
    /** The proxies in the configuration were assumed from the capture ({@link ProxyAssumption}), not configured. */
    private final boolean assumed;
    /**
     * The client rules' decisions by destination: a capture has far fewer destinations than flows, and the rules
     * depend on the configuration and the destination only. Bounded: cleared when full.
     */
    private final Map<RouteKey, RouteDecision> decisions = new HashMap<>();
    private static final int MAX_DECISIONS = 4096;

    /** Not a record: its generated equals/hashCode would bootstrap through invokedynamic on the audit's path. */
    private static final class RouteKey {
        private final Client client;
        private final Destination destination;
        private final int hash;

        RouteKey(Client client, Destination destination) {
            this.client = client;
            this.destination = destination;
            this.hash = client.ordinal() * 31 + destination.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RouteKey k && k.client == client && k.destination.equals(destination);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    FlowJudge(ProxyConfig config, EndpointCatalogue catalogue, ClientPolicies policies) {
        this(config, catalogue, policies, false);
    }

    FlowJudge(ProxyConfig config, EndpointCatalogue catalogue, ClientPolicies policies, boolean assumed) {
        this.assumed = assumed;
        this.config = config;
        this.catalogue = catalogue;
        this.routes = new RouteDetector(catalogue);
        this.policies = policies;
    }

    AuditedFlow judge(FlowRecord f) {
        boolean unanswered = "syn-only".equals(f.state());
        List<String> targets = httpTargets(f);
        RouteDetector.Proxied via = routes.detect(f);
        if (via != null) {
            return proxied(f, via, targets, unanswered);
        }
        String host = FlowHost.of(f).toLowerCase(Locale.ROOT); // names match case-insensitively (RFC 4343)
        int port = f.serverPort();
        Role role = port == 53 ? Role.DNS : catalogue.role(host, port, targets);
        String target = Names.hostPort(host, port);
        if (role == Role.DNS) {
            return new AuditedFlow(f, role, Route.DIRECT, null, target, Verdict.DIRECT_EXEMPT,
                    ReasonCode.DNS_NOT_PROXIED.name(), "DNS traffic: HTTP proxies do not carry name resolution", unanswered);
        }
        byte[] serverIp = IpLiteral.parse(f.serverIp());
        NotProxyable.Why notProxyable = NotProxyable.of(f, role, serverIp);
        if (notProxyable != null) {
            return new AuditedFlow(f, role, Route.DIRECT, null, target, Verdict.NOT_PROXYABLE, notProxyable.code().name(),
                    unanswered(f, unanswered, notProxyable.reason()) + encryptedDnsNote(role), unanswered);
        }
        Attribution attribution = ClientDetector.forFlow(f, f.clientHello(), role, host, port);
        return decide(f, role, target, attribution, serverIp, host, targets, unanswered);
    }

    /**
     * The verdict on a direct flow already judged under another configuration (the {@link ProxyAssumption}'s
     * second pass): what does not depend on the configuration (route, role, client, whether it is proxyable at
     * all) is kept from {@code first}, only the client's rules are asked again.
     */
    AuditedFlow rejudge(AuditedFlow first) {
        if (first.route() != Route.DIRECT || first.verdict() == Verdict.NOT_PROXYABLE || first.role() == Role.DNS) {
            return first;
        }
        FlowRecord f = first.flow();
        String host = FlowHost.of(f).toLowerCase(Locale.ROOT);
        return decide(f, first.role(), first.target(), first.attribution(), IpLiteral.parse(f.serverIp()), host,
                httpTargets(f), first.unanswered());
    }

    private AuditedFlow decide(FlowRecord f, Role role, String target, Attribution attribution, byte[] serverIp,
                               String host, List<String> targets, boolean unanswered) {
        int port = f.serverPort();
        Client client = attribution.client();
        Destination destination = new Destination(schemeOf(f, port), host, port, f.serverIp(), pathOf(targets));
        ClientPolicies own = policies.forProcess(client, f.process());
        RouteDecision d = own == policies ? route(client, destination) : own.policy(client).route(destination);
        Verdict verdict;
        String code;
        String reason;
        if (!config.anyProxyConfigured() && d.route() != RouteDecision.Kind.PROXY) {
            verdict = Verdict.DIRECT_UNPROXIED;
            code = ReasonCode.NO_PROXY_CONFIGURED.name();
            reason = "no proxy is configured (no HTTPS_PROXY, HTTP_PROXY, ALL_PROXY or git http.proxy)";
        } else if (serverIp != null && IpLiteral.isLoopback(serverIp)) {
            verdict = Verdict.DIRECT_EXEMPT;
            boolean ruleExempts = d.route() == RouteDecision.Kind.DIRECT && d.reasonCode() != null && d.reasonCode().isExempt();
            code = ruleExempts ? d.reasonCode().name() : ReasonCode.LOOPBACK.name();
            reason = ruleExempts ? d.reason() : "a connection to the loopback address " + f.serverIp() + " stays on this"
                    + " machine: a proxy elsewhere could not reach it";
        } else if (d.route() == RouteDecision.Kind.PROXY) {
            verdict = Verdict.DIRECT_BYPASS;
            if (f.quic() != null) {
                code = ReasonCode.QUIC_BYPASS.name();
                reason = "QUIC (HTTP/3) over UDP to " + target + ": QUIC/HTTP3 cannot go through an HTTP proxy (only a"
                        + " CONNECT-UDP proxy, RFC 9298, carries it), so this client went around " + d.proxyUrl()
                        + "; Go's net/http never uses QUIC, so it is not cmd/go";
            } else if (client == Client.GIT_SSH) {
                code = ReasonCode.GIT_SSH_PROXY_NOT_USED.name();
                reason = "git's ssh would connect through " + d.proxyUrl() + " (" + d.reason() + "), but this connection"
                        + " went to " + target + " directly: the ssh that ran had another command or configuration";
            } else if (client == Client.OTHER) {
                code = ReasonCode.NOT_GO_OR_GIT_CLIENT.name();
                reason = "not a Go or git client: the proxy " + d.proxyUrl() + " applies to " + target
                        + " under the environment rules, but this connection went direct";
            } else {
                code = ReasonCode.CLIENT_IGNORED_PROXY.name();
                reason = client.wire() + " would send this through " + d.proxyUrl() + " (" + d.reason()
                        + "), but the connection went direct: the process had another environment, or is not " + client.wire();
            }
        } else if (d.route() == RouteDecision.Kind.DIRECT && d.reasonCode() != null && d.reasonCode().isExempt()) {
            verdict = Verdict.DIRECT_EXEMPT;
            code = d.reasonCode().name();
            reason = d.reason();
        } else {
            verdict = Verdict.DIRECT_BYPASS;
            code = d.reasonCode() == null ? ReasonCode.NOT_GO_OR_GIT_CLIENT.name() : d.reasonCode().name();
            reason = (client == Client.OTHER ? "not a Go or git client; " : "") + d.reason();
        }
        return new AuditedFlow(f, role, Route.DIRECT, null, target, verdict, code, unanswered(f, unanswered, reason)
                + EchNote.of(f, host) + encryptedDnsNote(role), unanswered, attribution);
    }

    /** What a DNS-over-TLS or DNS-over-HTTPS connection hides: the names looked up inside it. */
    static String encryptedDnsNote(Role role) {
        return switch (role) {
            case DNS_OVER_TLS -> "; port 853 is DNS over TLS (RFC 7858): the names looked up over it are encrypted and"
                    + " missing from the DNS lookups";
            case DNS_OVER_HTTPS -> "; a public DNS-over-HTTPS resolver (RFC 8484, Chromium's DoH provider list): the names"
                    + " looked up over it are encrypted and missing from the DNS lookups";
            default -> "";
        };
    }

    private RouteDecision route(Client client, Destination destination) {
        RouteKey key = new RouteKey(client, destination);
        RouteDecision d = decisions.get(key);
        if (d == null) {
            d = policies.policy(client).route(destination);
            if (decisions.size() >= MAX_DECISIONS) {
                decisions.clear();
            }
            decisions.put(key, d);
        }
        return d;
    }

    private static String unanswered(FlowRecord f, boolean unanswered, String reason) {
        return unanswered ? "unanswered direct attempt (SYN only, " + f.synCount() + " SYN" + (f.synCount() == 1 ? "" : "s")
                + "): " + reason : reason;
    }

    private AuditedFlow proxied(FlowRecord f, RouteDetector.Proxied via, List<String> targets, boolean unanswered) {
        String host = via.host();
        int port = via.port();
        Role role = host == null ? Role.PROXY : catalogue.role(host, port, targets);
        String target = host == null ? null : Names.hostPort(host.toLowerCase(Locale.ROOT), port);
        String origin = via.configured() && !assumed ? "configured proxy " : "detected proxy ";
        String reason = via.how() + " through " + origin + via.proxy();
        String code = host == null ? ReasonCode.PROXY_CONNECTION.name() : ReasonCode.PROXIED.name();
        if (unanswered) {
            reason = "unanswered attempt (SYN only) to " + origin + via.proxy();
        } else if (f.socks() != null && !f.socks().request().hostIsName() && host != null) {
            // curl lib/socks.c: socks5:// and socks4:// resolve locally and send the address; Go's socks5:// and
            // socks5h://, curl's socks5h:// and socks4a:// send the name (net/http socks_bundle.go (*socksDialer).connect)
            reason += "; the request carried the address " + host + ", not a name: unless the URL named that address,"
                    + " the client resolved the name itself (curl and git with socks5:// or socks4://) and the lookup"
                    + " went through the local resolver; socks5h:// lets the proxy resolve it";
        }
        Attribution attribution = host == null ? null : ClientDetector.forFlow(f, f.tunnelHello(), role, host, port);
        return new AuditedFlow(f, role, Route.PROXY, via.proxy(), target, Verdict.PROXIED, code, reason, unanswered,
                attribution);
    }

    /** The scheme the client used: https with a ClientHello, http with a request, else by port (80 http). */
    static String schemeOf(FlowRecord f, int port) {
        if (f.clientHello() != null) {
            return "https";
        }
        if (f.http() != null && !f.http().isEmpty()) {
            return "http";
        }
        return port == 80 ? "http" : "https";
    }

    /** The first origin-form request path, which git's {@code http.<url>.proxy} matching sees; else {@code /}. */
    private static String pathOf(List<String> targets) {
        for (String t : targets) {
            if (t != null && t.startsWith("/")) {
                return t;
            }
        }
        return "/";
    }

    private static List<String> httpTargets(FlowRecord f) {
        List<String> out = new ArrayList<>();
        if (f.http() != null) {
            for (HttpExchange x : f.http()) {
                if (x.target() != null) {
                    out.add(x.target());
                }
            }
        }
        return out;
    }
}
