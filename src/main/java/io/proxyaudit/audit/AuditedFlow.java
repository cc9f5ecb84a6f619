package io.proxyaudit.audit;

import io.proxyaudit.flow.FlowRecord;

/**
 * A flow with the audit's classification.
 *
 * @param proxy      for route PROXY, the proxy URL (credentials removed), else null
 * @param target     the destination the client wanted ({@code host:port}; the CONNECT target for tunnels)
 * @param unanswered true for a direct attempt that never got an answer (SYN only)
 * @param client     the program that most likely made the connection, whose proxy rules were applied:
 *                   {@code go-http} (cmd/go's own requests), {@code git-curl}, {@code git-ssh}, {@code git-daemon},
 *                   {@code other}; null for DNS and proxy-only flows
 */
public record AuditedFlow(FlowRecord flow, Role role, Route route, String proxy, String target, Verdict verdict,
                          String reasonCode, String reason, boolean unanswered, String client) {

    /** Without a client guess (tests, older callers). */
    public AuditedFlow(FlowRecord flow, Role role, Route route, String proxy, String target, Verdict verdict,
                       String reasonCode, String reason, boolean unanswered) {
        this(flow, role, route, proxy, target, verdict, reasonCode, reason, unanswered, null);
    }
}
