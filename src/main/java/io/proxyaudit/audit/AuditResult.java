package io.proxyaudit.audit;

import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.policy.ConfigEntry;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code analyze} found in one capture; the input of every output writer.
 *
 * @param flowCounters counters from the flow stage (evictions, cut heads, parser errors ...), stable names
 * @param proxiesSeen  the proxies the capture shows in use, most used first ({@link ProxiesSeen})
 * @param assumption   the configuration assumed because none named a proxy although one was seen, else null
 */
public record AuditResult(
        CaptureSummary capture,
        List<ConfigEntry> config,
        List<AuditedFlow> flows,
        List<AuditedDns> dns,
        List<Finding> findings,
        Map<String, Long> flowCounters,
        List<ProxySeen> proxiesSeen,
        ProxyAssumption assumption) {

    /** Without proxies seen (tests, outputs that do not come from a capture). */
    public AuditResult(CaptureSummary capture, List<ConfigEntry> config, List<AuditedFlow> flows, List<AuditedDns> dns,
                       List<Finding> findings, Map<String, Long> flowCounters) {
        this(capture, config, flows, dns, findings, flowCounters, List.of(), null);
    }

    /**
     * For the DNS view: when connections carried DNS over TLS or HTTPS, the sentence that the listed lookups are not
     * all the lookups (names resolved there are encrypted), with up to three of those resolvers; else null.
     */
    public String encryptedDnsNote() {
        Map<String, Long> c = flowCounters == null ? Map.of() : flowCounters;
        long tls = c.getOrDefault(Auditor.ENCRYPTED_DNS_TLS, 0L);
        long https = c.getOrDefault(Auditor.ENCRYPTED_DNS_HTTPS, 0L);
        if (tls + https == 0) {
            return null;
        }
        java.util.Set<String> resolvers = new java.util.LinkedHashSet<>();
        for (AuditedFlow f : flows) {
            if (f.role() != null && f.role().isEncryptedDns() && f.target() != null && resolvers.size() < 3) {
                resolvers.add(f.target());
            }
        }
        String kinds = tls > 0 && https > 0 ? connections(tls) + " carried DNS over TLS and " + connections(https)
                + " DNS over HTTPS" : connections(tls + https) + (tls > 0 ? " carried DNS over TLS" : " carried DNS over HTTPS");
        return kinds + (resolvers.isEmpty() ? "" : " (" + String.join(", ", resolvers) + ")") + ": the names looked up"
                + " over them are encrypted, so the DNS lookups listed here are not all the lookups the capture's"
                + " programs made";
    }

    private static String connections(long n) {
        return n + (n == 1 ? " connection" : " connections");
    }
}
