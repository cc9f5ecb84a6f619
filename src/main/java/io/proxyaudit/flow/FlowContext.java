package io.proxyaudit.flow;

import io.proxyaudit.analyzer.AnalyzerRegistry;
import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.UdpAnalyzer;
import io.proxyaudit.capture.PacketComments;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.proto.dns.DnsMessage;
import java.util.List;

/**
 * What the flow stage's parts share for one capture: options, counters, the capture clock, the registered
 * analyzers, and where parsed messages go next (the observer, DNS matching).
 */
final class FlowContext {
    final FlowOptions options;
    final FlowCounters counters = new FlowCounters();
    final NameMap names;
    final DnsTracker dns;
    final TcpAnalyzer[] tcpAnalyzers;
    final UdpAnalyzer[] udpAnalyzers;
    ParseObserver observer = new ParseObserver() {};
    /** Packets per flow direction with options but no process comment before looking stops. */
    static final int MAX_COMMENT_TRIES = 16;
    private static final ProcessInfo.Parsed NO_COMMENT = new ProcessInfo.Parsed(ProcessInfo.Outcome.NOT_A_PROCESS, null);
    /** Capture time of the latest packet. */
    long clock = Long.MIN_VALUE;

    FlowContext(FlowOptions options, AnalyzerRegistry analyzers, FlowSink sink) {
        this.options = options;
        this.names = new NameMap(options.maxNames(), counters);
        this.dns = new DnsTracker(options, counters, names, sink);
        this.tcpAnalyzers = analyzers.tcpAnalyzers();
        this.udpAnalyzers = analyzers.udpAnalyzers();
    }

    /**
     * Reads the process comment of a packet with pcapng options, while {@code side} of {@code f} has no process yet
     * (the first one per direction counts) and fewer than {@link #MAX_COMMENT_TRIES} of its packets had options but
     * no process.
     */
    void processComment(Flow f, int side, PacketRecord r) {
        boolean a = side == Flow.SIDE_A;
        if ((a ? f.processA : f.processB) != null || (a ? f.commentTriesA : f.commentTriesB) >= MAX_COMMENT_TRIES) {
            return;
        }
        List<String> comments = PacketComments.of(r);
        ProcessInfo.Parsed parsed = comments == null ? null : comments.isEmpty() ? NO_COMMENT : ProcessInfo.parse(comments);
        if (parsed != null && parsed.process() != null) {
            counters.processComments++;
            if (a) {
                f.processA = parsed.process();
            } else {
                f.processB = parsed.process();
            }
            return;
        }
        if (parsed == null || parsed.outcome() == ProcessInfo.Outcome.MALFORMED) {
            counters.processCommentsMalformed++;
        } else if (parsed.outcome() == ProcessInfo.Outcome.NOT_A_PROCESS && parsed != NO_COMMENT) {
            counters.packetCommentsOther++;
        }
        if (a) {
            f.commentTriesA++;
        } else {
            f.commentTriesB++;
        }
    }

    void dnsMessage(long nanos, String transport, String src, int sport, String dst, int dport, DnsMessage m) {
        observer.onDnsMessage(nanos, transport, src, sport, dst, dport, m);
        dns.onMessage(nanos, transport, src, sport, dst, dport, m);
    }
}
