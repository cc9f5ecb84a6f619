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
}
