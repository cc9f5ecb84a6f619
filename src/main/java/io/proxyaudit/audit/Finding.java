package io.proxyaudit.audit;

import io.proxyaudit.policy.Role;
import java.util.List;

/**
 * A group of bypassing flows to one destination for one reason, with the fix to apply.
 *
 * @param flowIds     ids of the flows in the group (bounded; {@code flowCount} is the full count)
 * @param remediation one line to copy (an env assignment, a NO_PROXY change, a git config command)
 */
public record Finding(Verdict verdict, Role role, String host, int port, long flowCount, List<Long> flowIds,
                      long firstNanos, long lastNanos, String reasonCode, String reason, String remediation) {}
