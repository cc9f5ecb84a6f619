package io.proxyaudit.client;

import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * One client's proxy rules, as the real program implements them: each implementation cites the source file and
 * function it models. A new client (pip, npm, Maven...) is a new {@link Client} constant and one implementation
 * of this, registered in {@link ClientPolicies}.
 */
public interface ClientPolicy {
    /** The client these rules belong to. */
    Client client();

    /** What the configuration makes this client do for a request to {@code d}: proxy, direct or error, and why. */
    RouteDecision route(Destination d);

    /**
     * The fix for a bypass with {@code code} by this client to {@code d}, or null when the code is not one of this
     * client's rules (the audit then uses {@link CommonRemedies}). Proxy URLs in it are redacted. Applying its
     * changes to the configuration makes {@link #route} send {@code d} through the proxy, unless it says the
     * configuration is already right or that no variable can fix it ({@code RemedyPropertyTest}).
     */
    Remedy remedy(ReasonCode code, Destination d);
}
