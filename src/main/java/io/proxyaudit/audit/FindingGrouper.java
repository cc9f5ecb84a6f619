package io.proxyaudit.audit;

import io.proxyaudit.client.Attribution;
import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientDetector;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.client.Destination;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.ProcessInfo;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups the bypasses of one capture into findings by (host, port, reason code), in that order, each with the
 * count, the time span, the first {@link #MAX_FINDING_IDS} flow ids and the fix of the client's policy
 * ({@link ClientPolicies#remedy}). The reason, client and attribution of a finding are those of its first flow, its
 * process the first one a packet comment named.
 */
final class FindingGrouper {
    /** Flow ids kept per finding; {@link Finding#flowCount()} has the full count. */
    static final int MAX_FINDING_IDS = 100;

    private final ClientPolicies policies;
    private final Map<String, Group> groups = new TreeMap<>();

    FindingGrouper(ClientPolicies policies) {
        this.policies = policies;
    }

    void addFlow(FlowRecord f, AuditedFlow af) {
        if (af.verdict() != Verdict.DIRECT_BYPASS) {
            return;
        }
        String host = HostPort.ofAuthority(af.target()).host();
        int port = f.serverPort();
        groups.computeIfAbsent(key(host, port, af.reasonCode()), k -> new Group(host, port, FlowJudge.schemeOf(f, port),
                af.role(), af.reasonCode(), af.reason(), af.client(), af.attribution())).add(f.id(), f.startNanos(), f.endNanos(),
                f.process());
    }

    void addLookup(DnsLookup d, AuditedDns ad) {
        if (ad.verdict() != Verdict.DIRECT_BYPASS) {
            return;
        }
        String host = Names.normal(d.qname());
        long end = d.responseNanos() == Long.MIN_VALUE ? d.queryNanos() : d.responseNanos();
        groups.computeIfAbsent(key(host, 0, ad.reasonCode()), k -> new Group(host, 0, "https", ad.role(), ad.reasonCode(), ad.reason(),
                ClientDetector.forLookup(ad.role(), host), null)).add(-1, d.queryNanos(), end, null);
    }

    List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        for (Group g : groups.values()) {
            List<Long> ids = new ArrayList<>(g.ids);
            Collections.sort(ids);
            findings.add(new Finding(Verdict.DIRECT_BYPASS, g.role, g.host, g.port, g.count, List.copyOf(ids), g.first,
                    g.last, g.code, g.reason, policies.remedy(g.client, g.code, new Destination(g.scheme, g.host,
                            g.port == 0 ? 443 : g.port, null, "/")), g.attribution, g.process));
        }
        return findings;
    }

    /** Groups sort by host, then port (zero-padded to 5 digits, so text order is number order), then reason. */
    static String key(String host, int port, String code) {
        // by hand, not String.format("%05d"): this runs for every flow, and Formatter cost 36 ms per 1 GB capture
        String digits = Integer.toString(port);
        StringBuilder b = new StringBuilder(host.length() + 8 + code.length()).append(host).append('\u0000');
        if (port >= 0) {
            for (int i = digits.length(); i < 5; i++) {
                b.append('0');
            }
            b.append(digits);
        } else {
            b.append(String.format("%05d", port)); // never a port; kept as it was
        }
        return b.append('\u0000').append(code).toString();
    }

    private static final class Group {
        final String host;
        final int port;
        final String scheme;
        final Role role;
        final String code;
        final String reason;
        final Client client;
        final Attribution attribution;
        ProcessInfo process;
        final List<Long> ids = new ArrayList<>();
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Group(String host, int port, String scheme, Role role, String code, String reason, Client client,
              Attribution attribution) {
            this.host = host;
            this.port = port;
            this.scheme = scheme;
            this.role = role;
            this.code = code;
            this.reason = reason;
            this.client = client;
            this.attribution = attribution;
        }

        void add(long id, long start, long end, ProcessInfo p) {
            count++;
            if (process == null) {
                process = p;
            }
            if (id >= 0 && ids.size() < MAX_FINDING_IDS) {
                ids.add(id);
            }
            first = Math.min(first, start);
            last = Math.max(last, end);
        }
    }
}
