package io.proxyaudit.flow;

import io.proxyaudit.decode.DecodedPacket;

/**
 * The TCP state of each connection: one flow per connection (a SYN with a new ISN on a known 5-tuple, or a
 * SYN after FIN/RST, starts a new one), SYN / SYN-ACK / FIN / RST, which side is the client, packet and
 * byte counts, and each direction's bytes into its {@link StreamReassembler}, whose in-order head goes to
 * the direction's {@link TcpSide}. A connection ends on RST or both FINs (after a short linger for stray
 * packets). No allocation per packet of an established connection.
 */
final class TcpTracker {
    private final FlowContext ctx;
    private final FlowTable table;

    TcpTracker(FlowContext ctx, FlowTable table) {
        this.ctx = ctx;
        this.table = table;
    }

    void onPacket(DecodedPacket p) {
        int h = table.key(p);
        Flow f = table.find(p, h);
        int side = f == null ? 0 : table.foundSide();
        int fl = p.tcpFlags;
        boolean syn = (fl & DecodedPacket.TCP_SYN) != 0;
        boolean ack = (fl & DecodedPacket.TCP_ACK) != 0;
        if (f != null && syn && !ack && startsNewConnection(f, side, p.seq)) {
            ctx.counters.portReuse++;
            table.end(f, f.closed() ? "closed"
                    : f.lastNanos + ctx.options.idleTimeoutNanos() < ctx.clock ? "timeout" : "closed");
            f = null;
        }
        if (f == null) {
            f = open(p, h);
            side = Flow.SIDE_A;
        }
        table.touch(f, ctx.clock);
        if (p.record != null && p.record.optionsLength != 0) {
            ctx.processComment(f, side, p.record);
        }
        boolean fromA = side == Flow.SIDE_A;
        int payloadBytes = p.payloadWireLength > 0 ? p.payloadWireLength : p.payloadLength;
        if (fromA) {
            f.packetsA++;
            f.bytesA += payloadBytes;
        } else {
            f.packetsB++;
            f.bytesB += payloadBytes;
        }
        StreamReassembler own = fromA ? f.streamA : f.streamB;
        StreamReassembler peer = fromA ? f.streamB : f.streamA;
        long dataSeq = p.seq;
        if (syn) {
            own.setInitialSequence(p.seq);
            dataSeq = (p.seq + 1) & 0xFFFFFFFFL; // data on a SYN (TCP Fast Open) starts after the SYN
            if (!ack) {
                onSyn(f, side, p.seq);
            } else {
                f.synAckSeen = true;
                f.synAckSide = side;
                f.synAckAck = p.ack;
                f.decideClient(Flow.other(side), Flow.FROM_SYN);
            }
        }
        if (p.payloadWireLength > 0) {
            f.dataSeen = true;
            if (p.payloadLength < p.payloadWireLength) {
                f.truncated = true;
                ctx.counters.tcpSegmentsCut++;
            }
            own.onSegment(dataSeq, p.payload, p.payloadOffset, p.payloadLength, p.payloadWireLength);
        }
        if (ack) {
            peer.onPeerAck(p.ack);
        }
        if ((fl & DecodedPacket.TCP_FIN) != 0) {
            if (fromA) {
                f.finA = true;
            } else {
                f.finB = true;
            }
        }
        if ((fl & DecodedPacket.TCP_RST) != 0 && !f.rst) {
            f.rst = true;
            f.rstSide = side;
        }
        if (f.closed() && !f.lingering) {
            table.moveToClosed(f);
        }
    }

    private Flow open(DecodedPacket p, int h) {
        Flow f = table.create(p, h, p.timestampNanos != Long.MIN_VALUE ? p.timestampNanos : ctx.clock);
        FlowOptions o = ctx.options;
        f.streamA = new StreamReassembler(o.streamHeadBytes(), o.maxOutOfOrderRanges(), ctx.counters);
        f.streamB = new StreamReassembler(o.streamHeadBytes(), o.maxOutOfOrderRanges(), ctx.counters);
        f.streamA.setConsumer(new TcpSide(ctx, f, Flow.SIDE_A));
        f.streamB.setConsumer(new TcpSide(ctx, f, Flow.SIDE_B));
        ctx.counters.tcpFlows++;
        return f;
    }

    private static void onSyn(Flow f, int side, long seq) {
        f.decideClient(side, Flow.FROM_SYN);
        if (side == Flow.SIDE_A) {
            if (!f.synFromA) {
                f.isnA = seq;
            }
            f.synFromA = true;
            f.synCountA++;
        } else {
            if (!f.synFromB) {
                f.isnB = seq;
            }
            f.synFromB = true;
            f.synCountB++;
        }
    }

    /** A SYN on a known tuple: a retransmission (same ISN) or a new connection reusing the ports. */
    private static boolean startsNewConnection(Flow f, int side, long seq) {
        if (f.closed()) {
            return true;
        }
        boolean sentSyn = side == Flow.SIDE_A ? f.synFromA : f.synFromB;
        long isn = side == Flow.SIDE_A ? f.isnA : f.isnB;
        if (sentSyn) {
            return isn != seq;
        }
        if (f.synAckSeen && f.synAckSide != side && f.synAckAck == ((seq + 1) & 0xFFFFFFFFL)) {
            return false; // the capture has the SYN-ACK before the SYN it answers: same connection
        }
        // a flow picked up mid-stream (or from the other side) and now a fresh SYN
        return f.dataSeen || f.synAckSeen || (side == Flow.SIDE_A ? f.synFromB : f.synFromA);
    }

    /** Before a connection's record is built: skip every hole so the parsers see what was captured after it. */
    static void flush(Flow f, FlowCounters counters) {
        try {
            f.streamA.flush();
            f.streamB.flush();
        } catch (RuntimeException e) {
            counters.parserErrors++;
        }
    }
}
