package io.proxyaudit.cli;

import io.proxyaudit.flow.FlowOptions;
import picocli.CommandLine.Option;

/** Limits of the flow stage, shared by the commands that build flows. */
public final class FlowLimits {
    @Option(names = "--stream-head-bytes", paramLabel = "N", defaultValue = "65536",
            description = "Bytes of each TCP direction kept for protocol parsing (default: ${DEFAULT-VALUE}).")
    int streamHeadBytes;

    @Option(names = "--max-ooo-segments", paramLabel = "N", defaultValue = "32",
            description = "Out-of-order byte ranges held per direction while waiting for a hole (default: ${DEFAULT-VALUE}).")
    int maxOutOfOrder;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "1000000",
            description = "Live flows kept at once; the least recently active is evicted and counted (default: ${DEFAULT-VALUE}).")
    int maxFlows;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "A flow idle this long in capture time ends as 'timeout' (default: ${DEFAULT-VALUE}).")
    double idleTimeoutSeconds;

    @Option(names = "--max-http-per-flow", paramLabel = "N", defaultValue = "4096",
            description = "HTTP requests kept per connection; the rest is counted (default: ${DEFAULT-VALUE}).")
    int maxHttpPerFlow;

    @Option(names = "--max-names", paramLabel = "N", defaultValue = "200000",
            description = "Server addresses remembered with their names from DNS answers and pcapng name blocks; "
                    + "the least recently used is forgotten and counted (default: ${DEFAULT-VALUE}).")
    int maxNames;

    @Option(names = "--max-pending-dns", paramLabel = "N", defaultValue = "100000",
            description = "DNS queries waiting for their response; the oldest is emitted unanswered and counted "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxPendingDns;

    /** The flow options, each checked with the option's name in the message (IllegalArgumentException). */
    public FlowOptions toOptions() {
        if (!(idleTimeoutSeconds > 0) || idleTimeoutSeconds > 1e9) {
            throw new IllegalArgumentException(Problems.option("--idle-timeout", idleTimeoutSeconds)
                    + ": must be a number of seconds above 0 (at most 1000000000)");
        }
        OptionChecks.atLeast("--stream-head-bytes", streamHeadBytes, 64);
        OptionChecks.atLeast("--max-ooo-segments", maxOutOfOrder, 0);
        OptionChecks.atLeast("--max-flows", maxFlows, 1);
        OptionChecks.atLeast("--max-http-per-flow", maxHttpPerFlow, 0);
        OptionChecks.atLeast("--max-names", maxNames, 0);
        OptionChecks.atLeast("--max-pending-dns", maxPendingDns, 0);
        return FlowOptions.defaults()
                .withStreamHeadBytes(streamHeadBytes)
                .withMaxOutOfOrderRanges(maxOutOfOrder)
                .withMaxLiveFlows(maxFlows)
                .withIdleTimeoutNanos((long) (idleTimeoutSeconds * 1e9))
                .withMaxHttpPerFlow(maxHttpPerFlow)
                .withMaxNames(maxNames)
                .withMaxPendingDns(maxPendingDns);
    }
}
