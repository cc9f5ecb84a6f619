package io.proxyaudit.analyzer.dns;

import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.TcpDirection;
import io.proxyaudit.proto.StreamFramer;
import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsTcpFramer;

/** DNS over TCP, by port 53 (RFC 7766), outside a CONNECT tunnel. */
public final class DnsTcpAnalyzer implements TcpAnalyzer {
    static final int PORT = 53;

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public int probe(TcpDirection d, byte[] buf, int off, int len) {
        return !d.tunnelled() && d.hasPort(PORT) ? MATCH : NO;
    }

    @Override
    public StreamFramer open(TcpDirection d, byte[] buf, int off, int len) {
        return new DnsTcpFramer(new DnsTcpFramer.Events() {
            @Override
            public void onMessage(DnsMessage message) {
                d.dnsMessage(message);
            }

            @Override
            public void onMalformed() {
                d.malformed("dns");
            }
        });
    }
}
