package io.proxyaudit.flow;

import io.proxyaudit.analyzer.UdpAnalyzer;
import io.proxyaudit.decode.DecodedPacket;

/**
 * UDP conversations: the client side from the ports, packet and byte counts, and each datagram with a
 * payload to the flow's analyzer. A flow not bound yet offers each datagram to the registered UDP
 * analyzers in order; the first that accepts one is bound to the flow.
 */
final class UdpTracker {
    private static final int DNS_PORT = 53;

    private final FlowContext ctx;
    private final FlowTable table;
    /** Reused for every datagram: no allocation per packet. */
    private final UdpSide datagram;

    UdpTracker(FlowContext ctx, FlowTable table) {
        this.ctx = ctx;
        this.table = table;
        this.datagram = new UdpSide(ctx);
    }

    void onPacket(DecodedPacket p) {
        int h = table.key(p);
        Flow f = table.find(p, h);
        int side;
        if (f == null) {
            f = table.create(p, h, p.timestampNanos != Long.MIN_VALUE ? p.timestampNanos : ctx.clock);
            ctx.counters.udpFlows++;
            side = Flow.SIDE_A;
            // DNS server by port; else the first sender is the client unless it sends from a well-known port to a high one
            if (p.dstPort == DNS_PORT || (p.srcPort != DNS_PORT && !(p.srcPort < 1024 && p.dstPort >= 1024))) {
                f.decideClient(Flow.SIDE_A, Flow.FROM_PORTS);
            } else {
                f.decideClient(Flow.SIDE_B, Flow.FROM_PORTS);
            }
        } else {
            side = table.foundSide();
        }
        table.touch(f, ctx.clock);
        if (p.record != null && p.record.optionsLength != 0) {
            ctx.processComment(f, side, p.record);
        }
        int payloadBytes = p.payloadWireLength > 0 ? p.payloadWireLength : p.payloadLength;
        if (side == Flow.SIDE_A) {
            f.packetsA++;
            f.bytesA += payloadBytes;
        } else {
            f.packetsB++;
            f.bytesB += payloadBytes;
        }
        if (p.payloadLength < p.payloadWireLength) {
            f.truncated = true; // the analyzer sees the cut datagram as it is: a DNS message cut short does not parse
            ctx.counters.udpDatagramsCut++;
        }
        if (p.payloadLength > 0) {
            datagram.at(f, side, p.timestampNanos);
            analyze(f, datagram, p);
        }
    }

    private void analyze(Flow f, UdpSide d, DecodedPacket p) {
        try {
            if (f.udpAnalyzer == null) {
                for (UdpAnalyzer a : ctx.udpAnalyzers) {
                    if (a.probe(d, p.payload, p.payloadOffset, p.payloadLength)) {
                        f.udpAnalyzer = a;
                        break;
                    }
                }
                if (f.udpAnalyzer == null) {
                    return;
                }
            }
            f.udpAnalyzer.onDatagram(d, p.payload, p.payloadOffset, p.payloadLength);
        } catch (RuntimeException e) {
            ctx.counters.parserErrors++;
        }
    }
}
