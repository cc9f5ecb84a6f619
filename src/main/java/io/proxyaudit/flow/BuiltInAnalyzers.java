package io.proxyaudit.flow;

import io.proxyaudit.analyzer.AnalyzerRegistry;
import io.proxyaudit.analyzer.dns.DnsTcpAnalyzer;
import io.proxyaudit.analyzer.dns.DnsUdpAnalyzer;
import io.proxyaudit.analyzer.http.HttpAnalyzer;
import io.proxyaudit.analyzer.http.HttpDatagramAnalyzer;
import io.proxyaudit.analyzer.quic.QuicAnalyzer;
import io.proxyaudit.analyzer.socks.SocksAnalyzer;
import io.proxyaudit.analyzer.tls.TlsAnalyzer;

/**
 * The application analyzers every run uses, one registration line each, in probing order. A new protocol
 * is a package under {@code analyzer} (its parser under {@code proto}) and one line here.
 */
public final class BuiltInAnalyzers {
    private BuiltInAnalyzers() {}

    /** A new registry holding the built-in analyzers (callers may add more). */
    public static AnalyzerRegistry registry() {
        return new AnalyzerRegistry()
                .tcp(new DnsTcpAnalyzer()) // by port 53, before any content probe
                .tcp(new TlsAnalyzer())
                .tcp(new HttpAnalyzer())
                .tcp(new SocksAnalyzer())
                .udp(new DnsUdpAnalyzer())
                .udp(new QuicAnalyzer())
                .udp(new HttpDatagramAnalyzer());
    }
}
