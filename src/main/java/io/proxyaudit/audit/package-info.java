/**
 * The audit of one capture: {@link io.proxyaudit.audit.Auditor} runs each flow through
 * {@link io.proxyaudit.audit.FlowJudge} (route by {@link io.proxyaudit.audit.RouteDetector}, role by
 * {@link io.proxyaudit.audit.EndpointCatalogue}, client and its rules from {@code client}), the DNS lookups
 * through {@link io.proxyaudit.audit.DnsJudge}, and groups the bypasses into findings with the client's fix
 * ({@link io.proxyaudit.audit.FindingGrouper}). {@link io.proxyaudit.audit.CaptureAudit} runs a capture through
 * the whole pipeline.
 */
package io.proxyaudit.audit;
