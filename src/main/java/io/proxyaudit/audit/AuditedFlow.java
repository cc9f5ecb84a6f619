package io.proxyaudit.audit;

import io.proxyaudit.client.Attribution;
import io.proxyaudit.client.Client;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.Role;

/**
 * A flow with the audit's classification.
 *
 * @param proxy      for route PROXY, the proxy URL (credentials removed), else null
 * @param target     the destination the client wanted ({@code host:port}; the CONNECT target for tunnels)
 * @param unanswered true for a direct attempt that never got an answer (SYN only)
 * @param attribution the program that most likely made the connection, whose proxy rules were applied, with the
 *                    evidence ({@link io.proxyaudit.client.ClientDetector}); null for DNS, not-proxyable and
 *                    proxy-only flows
 * @param allowedBy  for {@link Verdict#DIRECT_ALLOWED}, the {@code --allow} entry that allowed it ({@code FILE:LINE}),
 *                   else null
 */
public record AuditedFlow(FlowRecord flow, Role role, Route route, String proxy, String target, Verdict verdict,
                          String reasonCode, String reason, boolean unanswered, Attribution attribution,
                          String allowedBy) {

    public AuditedFlow(FlowRecord flow, Role role, Route route, String proxy, String target, Verdict verdict,
                       String reasonCode, String reason, boolean unanswered, Attribution attribution) {
        this(flow, role, route, proxy, target, verdict, reasonCode, reason, unanswered, attribution, null);
    }

    /** With a client known without evidence (tests). */
    public AuditedFlow(FlowRecord flow, Role role, Route route, String proxy, String target, Verdict verdict,
                       String reasonCode, String reason, boolean unanswered, Client client) {
        this(flow, role, route, proxy, target, verdict, reasonCode, reason, unanswered, client == null ? null
                : new Attribution(client, null, null, null, null));
    }

    /** The client whose proxy rules were applied, or null. */
    public Client client() {
        return attribution == null ? null : attribution.client();
    }

    /** Without a client guess (tests, older callers). */
    public AuditedFlow(FlowRecord flow, Role role, Route route, String proxy, String target, Verdict verdict,
                       String reasonCode, String reason, boolean unanswered) {
        this(flow, role, route, proxy, target, verdict, reasonCode, reason, unanswered, (Attribution) null);
    }
}
