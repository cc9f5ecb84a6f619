package io.proxyaudit.flow;

import io.proxyaudit.analyzer.AnalyzerRegistry;
import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.UdpAnalyzer;
import io.proxyaudit.proto.dns.DnsMessage;

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
    /** Capture time of the latest packet. */
    long clock = Long.MIN_VALUE;

    FlowContext(FlowOptions options, AnalyzerRegistry analyzers, FlowSink sink) {
        this.options = options;
        this.names = new NameMap(options.maxNames(), counters);
        this.dns = new DnsTracker(options, counters, names, sink);
        this.tcpAnalyzers = analyzers.tcpAnalyzers();
        this.udpAnalyzers = analyzers.udpAnalyzers();
    }

    void dnsMessage(long nanos, String transport, String src, int sport, String dst, int dport, DnsMessage m) {
        observer.onDnsMessage(nanos, transport, src, sport, dst, dport, m);
        dns.onMessage(nanos, transport, src, sport, dst, dport, m);
    }
}
