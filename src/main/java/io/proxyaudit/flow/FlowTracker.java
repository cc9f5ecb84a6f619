package io.proxyaudit.flow;

import io.proxyaudit.analyzer.AnalyzerRegistry;
import io.proxyaudit.decode.DecodedPacket;

/**
 * Turns decoded TCP/UDP packets into flows and DNS lookups: the packet's flow is found in the
 * {@link FlowTable}, the {@link TcpTracker} or {@link UdpTracker} updates it and hands its bytes to the
 * registered analyzers, and each ended flow becomes a {@link FlowRecord} ({@link FlowRecordBuilder}) for
 * the {@link FlowSink}. Data flows one way: nothing downstream calls back into the table.
 */
public final class FlowTracker {
    private final FlowContext ctx;
    private final FlowTable table;
    private final TcpTracker tcp;
    private final UdpTracker udp;

    /** With the built-in analyzers. */
    public FlowTracker(FlowOptions options, FlowSink sink) {
        this(options, BuiltInAnalyzers.registry(), sink);
    }

    public FlowTracker(FlowOptions options, AnalyzerRegistry analyzers, FlowSink sink) {
        this.ctx = new FlowContext(options, analyzers, sink);
        FlowRecordBuilder records = new FlowRecordBuilder(ctx.names);
        this.table = new FlowTable(options, ctx.counters, (f, reason) -> {
            if (f.protocol == DecodedPacket.PROTO_TCP) {
                TcpTracker.flush(f, ctx.counters);
            }
            sink.onFlow(records.build(f, reason));
        });
        this.tcp = new TcpTracker(ctx, table);
        this.udp = new UdpTracker(ctx, table);
    }

    public FlowCounters counters() {
        return ctx.counters;
    }

    public FlowOptions options() {
        return ctx.options;
    }

    /** Capture time of the latest packet (the tracker's clock). */
    public long clockNanos() {
        return ctx.clock;
    }

    /** Optional observer of every parsed message (tests, statistics). */
    public void setParseObserver(ParseObserver observer) {
        ctx.observer = observer == null ? new ParseObserver() {} : observer;
    }

    /** A pcapng name resolution entry: known from the start of the capture. */
    public void onNameResolution(byte[] address, String name) {
        if (address != null && (address.length == 4 || address.length == 16)) {
            ctx.names.add(IpText.format(address, address.length), name, Long.MIN_VALUE);
        }
    }

    /** One decoded packet; only TCP and UDP are looked at. */
    public void onPacket(DecodedPacket p) {
        if (p.timestampNanos != Long.MIN_VALUE && p.timestampNanos > ctx.clock) {
            ctx.clock = p.timestampNanos;
        }
        table.expire(ctx.clock);
        if (p.isTcp()) {
            tcp.onPacket(p);
        } else if (p.isUdp()) {
            udp.onPacket(p);
        }
    }

    /** End of the capture: every live flow ends ({@code open}), unanswered DNS queries are emitted. */
    public void finish() {
        table.finish();
        ctx.dns.finish();
    }
}
