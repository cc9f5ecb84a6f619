package io.proxyaudit.audit;

import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.policy.Role;

/**
 * A DNS lookup with its classification. A lookup of a Go endpoint while a proxy applies to it gets
 * verdict DIRECT_BYPASS (a client that uses the proxy does not resolve the target itself); other
 * lookups get null verdict and reason.
 */
public record AuditedDns(DnsLookup lookup, Role role, Verdict verdict, String reasonCode, String reason) {}
