package io.proxyaudit.audit;

import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientDetector;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.client.Destination;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;
import io.proxyaudit.policy.RouteDecision;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The verdict on DNS lookups of one capture. A client that uses an HTTP proxy lets the proxy resolve the target
 * (CONNECT and absolute-URI requests carry the name), so a local A/AAAA lookup of a Go or VCS endpoint to which a
 * proxy applies means some process connects, or tries to connect, directly. A name the capture shows connected
 * directly is not flagged again: that connection has its own verdict (e.g. ssh resolving the host).
 */
final class DnsJudge {
    private final ProxyConfig config;
    private final EndpointCatalogue catalogue;
    private final ClientPolicies policies;
    private final Set<String> directIps = new HashSet<>();
    private final Set<String> directNames = new HashSet<>();
    /** Target address of a SOCKS request that carried an address, not a name, and the proxy it went to. */
    private final Map<String, String> socksAddressTargets = new HashMap<>();

    DnsJudge(ProxyConfig config, EndpointCatalogue catalogue, ClientPolicies policies) {
        this.config = config;
        this.catalogue = catalogue;
        this.policies = policies;
    }

    /** Remembers where a direct flow went; call for every flow before judging lookups. */
    void onFlow(FlowRecord f, AuditedFlow af) {
        if (af.route() == Route.PROXY && f.socks() != null && !f.socks().request().hostIsName()
                && f.socks().request().host() != null) {
            socksAddressTargets.putIfAbsent(f.socks().request().host(), af.proxy());
        }
        if (af.route() == Route.DIRECT) {
            directIps.add(f.serverIp());
            if (af.target() != null) {
                directNames.add(HostPort.ofAuthority(af.target()).host().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Remembers the names whose answers a direct flow connected to; call once with every lookup before judging. */
    void onLookups(List<DnsLookup> lookups) {
        for (DnsLookup d : lookups) {
            if (d.answers() != null && d.qname() != null && d.answers().stream().anyMatch(directIps::contains)) {
                directNames.add(Names.normal(d.qname()));
            }
        }
    }

    /** The proxy of a SOCKS request whose target address is one of {@code d}'s answers, or null. */
    private String socksTarget(DnsLookup d) {
        if (socksAddressTargets.isEmpty() || d.answers() == null || (d.qtype() != 1 && d.qtype() != 28)) {
            return null;
        }
        for (String a : d.answers()) {
            String proxy = socksAddressTargets.get(a);
            if (proxy != null) {
                return proxy;
            }
        }
        return null;
    }

    AuditedDns judge(DnsLookup d) {
        String q = d.qname() == null ? "" : Names.normal(d.qname());
        if (catalogue.isProxyName(q)) {
            return new AuditedDns(d, Role.PROXY, null, null, null);
        }
        Role role = catalogue.hostRole(q);
        String socksProxy = socksTarget(d);
        if (socksProxy != null) {
            return new AuditedDns(d, role, Verdict.DIRECT_BYPASS, ReasonCode.SOCKS_LOCAL_RESOLUTION.name(), "resolved"
                    + " locally, then sent to the SOCKS proxy " + socksProxy + " as an address: the client resolves the"
                    + " name itself with a socks5:// or socks4:// proxy (curl lib/socks.c), so " + q + " left through the"
                    + " local resolver although the connection was proxied; socks5h:// (socks4a://) lets the proxy"
                    + " resolve it");
        }
        if (!role.isGoRelated() || (d.qtype() != 1 && d.qtype() != 28) || !config.anyProxyConfigured()) {
            return new AuditedDns(d, role, null, null, null);
        }
        Client client = ClientDetector.forLookup(role, q);
        RouteDecision r = policies.policy(client).route(new Destination("https", q, 443, null, "/"));
        if (r.route() != RouteDecision.Kind.PROXY) {
            return new AuditedDns(d, role, null, null, null);
        }
        if (directNames.contains(q)) {
            return new AuditedDns(d, role, null, null, null);
        }
        ProxyUrl proxy = r.proxyUrl() == null ? null : ProxyUrl.parseCurl(r.proxyUrl());
        if (client == Client.GIT_HTTP && proxy != null && proxy.curlResolvesLocally()) {
            // only git (libcurl) looks the name up itself for its SOCKS proxy: Go's socks5:// sends the name
            return new AuditedDns(d, role, Verdict.DIRECT_BYPASS, ReasonCode.SOCKS_LOCAL_RESOLUTION.name(), "git"
                    + " (libcurl) resolves " + q + " itself for its SOCKS proxy " + r.proxyUrl() + " and sends the"
                    + " proxy the address: the name leaks to the local resolver although the fetch is proxied; "
                    + r.proxyUrl().substring(0, 6) + (r.proxyUrl().startsWith("socks5") ? "h" : "a") + ":// lets the"
                    + " proxy resolve it");
        }
        return new AuditedDns(d, role, Verdict.DIRECT_BYPASS, ReasonCode.DNS_LOOKUP_WHILE_PROXIED.name(),
                "a " + client.wire() + " client using the proxy " + r.proxyUrl() + " for " + q + " lets the proxy resolve the"
                        + " name; this local lookup means some process connects, or tries to connect, to " + q + " directly");
    }
}
