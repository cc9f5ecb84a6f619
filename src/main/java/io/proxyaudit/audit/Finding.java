package io.proxyaudit.audit;

import io.proxyaudit.client.Attribution;
import io.proxyaudit.client.Remedy;
import io.proxyaudit.flow.ProcessInfo;
import io.proxyaudit.policy.Role;
import java.util.List;

/**
 * A group of bypassing flows to one destination for one reason, with the fix to apply.
 *
 * @param flowIds ids of the flows in the group (bounded; {@code flowCount} is the full count)
 * @param remedy      the fix as data (its changes to the configuration); {@link #remediation()} is its line
 * @param attribution the program that made the first of the flows and the evidence, or null (a DNS lookup's finding)
 * @param process     the first process a packet comment named among the flows (ptcpdump), or null
 */
public record Finding(Verdict verdict, Role role, String host, int port, long flowCount, List<Long> flowIds,
                      long firstNanos, long lastNanos, String reasonCode, String reason, Remedy remedy,
                      Attribution attribution, ProcessInfo process) {

    /** A finding without attribution (tests). */
    public Finding(Verdict verdict, Role role, String host, int port, long flowCount, List<Long> flowIds,
                   long firstNanos, long lastNanos, String reasonCode, String reason, Remedy remedy) {
        this(verdict, role, host, port, flowCount, flowIds, firstNanos, lastNanos, reasonCode, reason, remedy, null, null);
    }

    /** A finding whose fix is known only as its line (tests). */
    public Finding(Verdict verdict, Role role, String host, int port, long flowCount, List<Long> flowIds,
                   long firstNanos, long lastNanos, String reasonCode, String reason, String remediation) {
        this(verdict, role, host, port, flowCount, flowIds, firstNanos, lastNanos, reasonCode, reason,
                remediation == null ? null : Remedy.text(remediation));
    }

    /** One line to copy (an env assignment, a NO_PROXY change, a git config command), or null. */
    public String remediation() {
        return remedy == null ? null : remedy.text();
    }
}
