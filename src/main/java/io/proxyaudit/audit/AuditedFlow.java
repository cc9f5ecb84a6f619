package io.proxyaudit.audit;

import io.proxyaudit.flow.FlowRecord;

/**
 * A flow with the audit's classification.
 *
 * @param proxy      for route PROXY, the proxy URL (credentials removed), else null
 * @param target     the destination the client wanted ({@code host:port}; the CONNECT target for tunnels)
 * @param unanswered true for a direct attempt that never got an answer (SYN only)
 */
public record AuditedFlow(FlowRecord flow, Role role, Route route, String proxy, String target, Verdict verdict,
                          String reasonCode, String reason, boolean unanswered) {}
