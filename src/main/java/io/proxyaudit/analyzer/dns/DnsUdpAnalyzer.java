package io.proxyaudit.analyzer.dns;

import io.proxyaudit.analyzer.AppEvents;
import io.proxyaudit.analyzer.UdpAnalyzer;
import io.proxyaudit.analyzer.UdpDatagram;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsParser;

/** DNS over UDP, by port 53: one message per datagram (RFC 1035 §4.2.1). */
public final class DnsUdpAnalyzer implements UdpAnalyzer {
    @Override
    public String name() {
        return "dns";
    }

    @Override
    public boolean probe(UdpDatagram datagram, byte[] buf, int off, int len) {
        return datagram.hasPort(DnsTcpAnalyzer.PORT);
    }

    @Override
    public void onDatagram(UdpDatagram datagram, byte[] buf, int off, int len) {
        ParseResult<DnsMessage> r = DnsParser.parse(buf, off, len);
        if (r.status() == ParseResult.Status.OK && r.value() != null) {
            datagram.dnsMessage(r.value());
        } else {
            datagram.malformed("dns");
        }
    }
}
