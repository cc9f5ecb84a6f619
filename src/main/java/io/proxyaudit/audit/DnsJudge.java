package io.proxyaudit.audit;

import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientDetector;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.client.Destination;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;
import io.proxyaudit.policy.RouteDecision;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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

    DnsJudge(ProxyConfig config, EndpointCatalogue catalogue, ClientPolicies policies) {
        this.config = config;
        this.catalogue = catalogue;
        this.policies = policies;
    }

    /** Remembers where a direct flow went; call for every flow before judging lookups. */
    void onFlow(FlowRecord f, AuditedFlow af) {
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

    AuditedDns judge(DnsLookup d) {
        String q = d.qname() == null ? "" : Names.normal(d.qname());
        if (catalogue.isProxyName(q)) {
            return new AuditedDns(d, Role.PROXY, null, null, null);
        }
        Role role = catalogue.hostRole(q);
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
        if (client == Client.GIT_HTTP && r.proxyUrl() != null && (r.proxyUrl().startsWith("socks5://")
                || r.proxyUrl().startsWith("socks4://"))) {
            return new AuditedDns(d, role, null, null, null); // curl resolves locally for socks5:// and socks4://
        }
        return new AuditedDns(d, role, Verdict.DIRECT_BYPASS, ReasonCode.DNS_LOOKUP_WHILE_PROXIED.name(),
                "a " + client.wire() + " client using the proxy " + r.proxyUrl() + " for " + q + " lets the proxy resolve the"
                        + " name; this local lookup means some process connects, or tries to connect, to " + q + " directly");
    }
}
