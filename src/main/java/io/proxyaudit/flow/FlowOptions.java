package io.proxyaudit.flow;

/**
 * Limits of the flow stage. Everything cut or evicted because of them is counted in {@link FlowCounters}.
 *
 * @param streamHeadBytes     bytes of each TCP direction kept for parsing (the unconsumed window; parsers that
 *                            consume, like HTTP keep-alive and DNS over TCP, slide it along the stream)
 * @param maxOutOfOrderRanges out-of-order byte ranges held per direction while waiting for a hole to fill
 * @param maxLiveFlows        live flows before the least recently active one is evicted
 * @param idleTimeoutNanos    a flow without packets for this long (capture time) ends as {@code timeout}
 * @param closedLingerNanos   how long a closed TCP flow still absorbs stray packets (final ACKs) before it is emitted
 * @param maxHttpPerFlow      HTTP exchanges kept per connection (the rest is counted in httpDropped)
 * @param maxNames            server addresses remembered from DNS answers and name resolution blocks
 * @param maxPendingDns       DNS queries waiting for their response
 */
public record FlowOptions(
        int streamHeadBytes,
        int maxOutOfOrderRanges,
        int maxLiveFlows,
        long idleTimeoutNanos,
        long closedLingerNanos,
        int maxHttpPerFlow,
        int maxNames,
        int maxPendingDns) {

    public static final int DEFAULT_STREAM_HEAD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_OOO_RANGES = 32;
    public static final int DEFAULT_MAX_LIVE_FLOWS = 1_000_000;
    public static final long DEFAULT_IDLE_TIMEOUT_NANOS = 300_000_000_000L;
    public static final long DEFAULT_CLOSED_LINGER_NANOS = 10_000_000_000L;
    public static final int DEFAULT_MAX_HTTP_PER_FLOW = 4096;
    public static final int DEFAULT_MAX_NAMES = 200_000;
    public static final int DEFAULT_MAX_PENDING_DNS = 100_000;

    public FlowOptions {
        if (streamHeadBytes < 64) throw new IllegalArgumentException("stream head bytes must be at least 64, got " + streamHeadBytes);
        if (maxOutOfOrderRanges < 0) throw new IllegalArgumentException("max out-of-order ranges must be >= 0");
        if (maxLiveFlows < 1) throw new IllegalArgumentException("max live flows must be >= 1");
        if (idleTimeoutNanos <= 0) throw new IllegalArgumentException("idle timeout must be > 0");
        if (maxHttpPerFlow < 0) throw new IllegalArgumentException("max HTTP requests per flow must be >= 0");
        if (maxNames < 0 || maxPendingDns < 0) throw new IllegalArgumentException("name and DNS limits must be >= 0");
    }

    public static FlowOptions defaults() {
        return new FlowOptions(DEFAULT_STREAM_HEAD_BYTES, DEFAULT_MAX_OOO_RANGES, DEFAULT_MAX_LIVE_FLOWS,
                DEFAULT_IDLE_TIMEOUT_NANOS, DEFAULT_CLOSED_LINGER_NANOS, DEFAULT_MAX_HTTP_PER_FLOW,
                DEFAULT_MAX_NAMES, DEFAULT_MAX_PENDING_DNS);
    }

    public FlowOptions withStreamHeadBytes(int v) {
        return new FlowOptions(v, maxOutOfOrderRanges, maxLiveFlows, idleTimeoutNanos, closedLingerNanos, maxHttpPerFlow, maxNames, maxPendingDns);
    }

    public FlowOptions withMaxOutOfOrderRanges(int v) {
        return new FlowOptions(streamHeadBytes, v, maxLiveFlows, idleTimeoutNanos, closedLingerNanos, maxHttpPerFlow, maxNames, maxPendingDns);
    }

    public FlowOptions withMaxLiveFlows(int v) {
        return new FlowOptions(streamHeadBytes, maxOutOfOrderRanges, v, idleTimeoutNanos, closedLingerNanos, maxHttpPerFlow, maxNames, maxPendingDns);
    }

    public FlowOptions withIdleTimeoutNanos(long v) {
        return new FlowOptions(streamHeadBytes, maxOutOfOrderRanges, maxLiveFlows, v, Math.min(closedLingerNanos, v), maxHttpPerFlow, maxNames, maxPendingDns);
    }

    public FlowOptions withMaxHttpPerFlow(int v) {
        return new FlowOptions(streamHeadBytes, maxOutOfOrderRanges, maxLiveFlows, idleTimeoutNanos, closedLingerNanos, v, maxNames, maxPendingDns);
    }

    public FlowOptions withMaxNames(int v) {
        return new FlowOptions(streamHeadBytes, maxOutOfOrderRanges, maxLiveFlows, idleTimeoutNanos, closedLingerNanos, maxHttpPerFlow, v, maxPendingDns);
    }

    public FlowOptions withMaxPendingDns(int v) {
        return new FlowOptions(streamHeadBytes, maxOutOfOrderRanges, maxLiveFlows, idleTimeoutNanos, closedLingerNanos, maxHttpPerFlow, maxNames, v);
    }
}
