package io.proxyaudit.analyzer.http;

import io.proxyaudit.analyzer.AppEvents;
import io.proxyaudit.analyzer.UdpAnalyzer;
import io.proxyaudit.analyzer.UdpDatagram;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.http.HttpHeadParser;
import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.http.HttpRequestLine;

/** HTTP requests in single UDP datagrams (SSDP's M-SEARCH / NOTIFY: RFC 9112 syntax over UDP), not on port 53. */
public final class HttpDatagramAnalyzer implements UdpAnalyzer {
    private static final int DNS_PORT = 53;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean probe(UdpDatagram datagram, byte[] buf, int off, int len) {
        return !datagram.hasPort(DNS_PORT) && HttpRequestLine.sniff(buf, off, len) > 0;
    }

    @Override
    public void onDatagram(UdpDatagram datagram, byte[] buf, int off, int len) {
        if (HttpRequestLine.sniff(buf, off, len) <= 0) {
            return; // a response or other datagram of the conversation: only requests are kept
        }
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(buf, off, len);
        if (r.status() == ParseResult.Status.OK && r.value() != null) {
            datagram.httpRequest(r.value());
        } else {
            datagram.malformed("http");
        }
    }
}
