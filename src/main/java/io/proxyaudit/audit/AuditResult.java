package io.proxyaudit.audit;

import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.policy.ConfigEntry;
import java.util.List;
import java.util.Map;

/** Everything {@code analyze} found in one capture; the input of every output writer. */
public record AuditResult(
        CaptureSummary capture,
        List<ConfigEntry> config,
        List<AuditedFlow> flows,
        List<AuditedDns> dns,
        List<Finding> findings,
        /** Counters from the flow stage (evictions, cut heads, parser errors ...), stable names. */
        Map<String, Long> flowCounters) {}
