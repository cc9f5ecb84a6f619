package io.proxyaudit.analyzer;

import java.util.Arrays;

/**
 * The application analyzers a run uses, in probing order. The built-in ones are registered in
 * {@code io.proxyaudit.flow.BuiltInAnalyzers}; a test may build its own registry with more.
 */
public final class AnalyzerRegistry {
    private TcpAnalyzer[] tcp = new TcpAnalyzer[0];
    private UdpAnalyzer[] udp = new UdpAnalyzer[0];

    /** Adds a TCP analyzer after the ones already registered. */
    public AnalyzerRegistry tcp(TcpAnalyzer analyzer) {
        tcp = Arrays.copyOf(tcp, tcp.length + 1);
        tcp[tcp.length - 1] = analyzer;
        return this;
    }

    /** Adds a UDP analyzer after the ones already registered. */
    public AnalyzerRegistry udp(UdpAnalyzer analyzer) {
        udp = Arrays.copyOf(udp, udp.length + 1);
        udp[udp.length - 1] = analyzer;
        return this;
    }

    /** The TCP analyzers in probing order (a copy). */
    public TcpAnalyzer[] tcpAnalyzers() {
        return tcp.clone();
    }

    /** The UDP analyzers in probing order (a copy). */
    public UdpAnalyzer[] udpAnalyzers() {
        return udp.clone();
    }
}
