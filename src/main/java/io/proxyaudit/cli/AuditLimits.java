package io.proxyaudit.cli;

import io.proxyaudit.audit.CaptureAudit;
import picocli.CommandLine.Option;

/** The audit's memory bound, shared by {@code analyze} and {@code batch} (picocli mixin). */
public final class AuditLimits {
    @Option(names = "--max-listed-flows", paramLabel = "N", defaultValue = "" + CaptureAudit.DEFAULT_MAX_LISTED,
            description = "Audited flows (and DNS lookups) kept per capture for the listings; beyond it they are judged"
                    + " and counted in the findings but not listed (memory bound). Default: ${DEFAULT-VALUE}.")
    int maxListedFlows = CaptureAudit.DEFAULT_MAX_LISTED;

    /** The limit, checked. */
    public int maxListed() {
        OptionChecks.atLeast("--max-listed-flows", maxListedFlows, 0);
        return maxListedFlows;
    }
}
