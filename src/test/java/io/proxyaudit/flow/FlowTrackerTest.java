package io.proxyaudit.flow;

import static io.proxyaudit.flow.Packets.ACK;
import static io.proxyaudit.flow.Packets.FIN;
import static io.proxyaudit.flow.Packets.PSH;
import static io.proxyaudit.flow.Packets.RST;
import static io.proxyaudit.flow.Packets.SYN;
import static io.proxyaudit.flow.Packets.ascii;
import static io.proxyaudit.flow.Packets.slice;
import static io.proxyaudit.flow.Packets.tcp;
import static io.proxyaudit.flow.Packets.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.IpLiteral;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTrackerTest {
    private static final String C = "10.0.0.2";
    private static final String S = "192.0.2.10";

    private final Packets.Sink sink = new Packets.Sink();
    private FlowTracker table = new FlowTracker(FlowOptions.defaults(), sink);

    /** Client SYN, server SYN-ACK, client ACK; returns nothing, ISNs 1000 (client) and 5000 (server). */
    private void handshake(double t, int cport, int sport) {
        table.onPacket(tcp(t, C, cport, S, sport, SYN, 1000, 0, null));
        table.onPacket(tcp(t + 0.01, S, sport, C, cport, SYN | ACK, 5000, 1001, null));
        table.onPacket(tcp(t + 0.02, C, cport, S, sport, ACK, 1001, 5001, null));
    }

    @Test
    void segmentSplitClientHelloArrivingOutOfOrderIsParsed() {
        handshake(1, 40000, 443);
        byte[] hello = Packets.clientHello("proxy.golang.org", "h2", "http/1.1");
        byte[] a = slice(hello, 0, 20);
        byte[] b = slice(hello, 20, 60);
        byte[] c = slice(hello, 60, hello.length);
        table.onPacket(tcp(1.1, C, 40000, S, 443, ACK | PSH, 1001, 5001, a));
        table.onPacket(tcp(1.2, C, 40000, S, 443, ACK | PSH, 1001 + 60, 5001, c));  // before b
        table.onPacket(tcp(1.3, C, 40000, S, 443, ACK | PSH, 1001 + 20, 5001, b));
        table.onPacket(tcp(1.3, C, 40000, S, 443, ACK | PSH, 1001 + 20, 5001, b));  // retransmitted
        table.onPacket(tcp(1.4, S, 443, C, 40000, ACK | PSH, 5001, 1001 + hello.length, Packets.serverHello()));
        table.onPacket(tcp(1.5, C, 40000, S, 443, FIN | ACK, 1001 + hello.length, 5001, null));
        table.onPacket(tcp(1.6, S, 443, C, 40000, FIN | ACK, 5001, 1002 + hello.length, null));
        table.finish();
        FlowRecord f = sink.only();
        assertNotNull(f.clientHello());
        assertEquals("proxy.golang.org", f.clientHello().sni());
        assertEquals(List.of("h2", "http/1.1"), f.clientHello().alpn());
        assertNotNull(f.serverHello());
        assertEquals("closed", f.state());
        assertEquals(C, f.clientIp());
        assertEquals(443, f.serverPort());
        assertEquals("proxy.golang.org", f.host());
        assertEquals(7, f.packetsC2s(), "SYN, ACK, 4 data segments (one retransmitted), FIN");
        assertEquals(3, f.packetsS2c());
        assertEquals(hello.length + 40L, f.bytesC2s(), "payload bytes as sent, the retransmitted 40 included");
        assertEquals(1, table.counters().tcpRetransmittedSegments);
    }

    @Test
    void retransmittedSynsWithoutAnswerAreOneSynOnlyFlow() {
        table.onPacket(tcp(1, C, 40001, S, 443, SYN, 777, 0, null));
        table.onPacket(tcp(2, C, 40001, S, 443, SYN, 777, 0, null));
        table.onPacket(tcp(4, C, 40001, S, 443, SYN, 777, 0, null));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals("syn-only", f.state());
        assertEquals(3, f.synCount());
        assertEquals(0, f.packetsS2c());
        assertEquals(S, f.host());
    }

    @Test
    void synAnsweredByResetIsRejected() {
        table.onPacket(tcp(1, C, 40002, S, 443, SYN, 10, 0, null));
        table.onPacket(tcp(1.01, S, 443, C, 40002, RST | ACK, 0, 11, null));
        table.finish();
        assertEquals("rejected", sink.only().state());
    }

    @Test
    void portReusedAfterCloseStartsANewFlow() {
        handshake(1, 40003, 80);
        table.onPacket(tcp(1.1, C, 40003, S, 80, FIN | ACK, 1001, 5001, null));
        table.onPacket(tcp(1.2, S, 80, C, 40003, FIN | ACK, 5001, 1002, null));
        table.onPacket(tcp(1.3, C, 40003, S, 80, ACK, 1002, 5002, null));  // final ACK: still the old flow
        table.onPacket(tcp(2, C, 40003, S, 80, SYN, 90000, 0, null));      // same ports, new ISN
        table.finish();
        assertEquals(2, sink.flows.size());
        assertEquals("closed", sink.flows.get(0).state());
        assertEquals(4, sink.flows.get(0).packetsC2s(), "SYN, ACK, FIN, final ACK");
        assertEquals("syn-only", sink.flows.get(1).state());
        assertTrue(sink.flows.get(1).id() > sink.flows.get(0).id());
        assertEquals(1, table.counters().portReuse);
    }

    @Test
    void withoutHandshakeTheClientIsWhoeverSendsTheRequest() {
        // the capture starts with the server's packet; the request comes from the higher-port side anyway,
        // so use a server on a high port to show the request decides, not the ports
        table.onPacket(tcp(1, S, 8080, C, 3000, ACK, 5000, 100, null));
        table.onPacket(tcp(1.1, C, 3000, S, 8080, ACK | PSH, 100, 5000,
                ascii("GET http://example.org/x HTTP/1.1\r\nHost: example.org\r\n\r\n")));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals(C, f.clientIp());
        assertEquals(8080, f.serverPort());
        assertEquals("example.org", f.host());
        assertTrue(f.flags().contains("midstream"), f.flags().toString());
    }

    @Test
    void synAckCapturedBeforeItsSynIsTheSameConnection() {
        // zeek's handshake-reorder.pcap has this order; tshark counts one conversation
        table.onPacket(tcp(1, S, 80, C, 59856, SYN | ACK, 5000, 1001, null));
        table.onPacket(tcp(1.001, C, 59856, S, 80, SYN, 1000, 0, null));
        table.onPacket(tcp(1.002, C, 59856, S, 80, ACK, 1001, 5001, null));
        table.onPacket(tcp(1.003, C, 59856, S, 80, ACK | PSH, 1001, 5001, ascii("GET / HTTP/1.1\r\nHost: bro.org\r\n\r\n")));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals(C, f.clientIp());
        assertEquals("bro.org", f.host());
        assertEquals(1, f.synCount());
        assertEquals(0, table.counters().portReuse);
    }

    @Test
    void withoutHandshakeOrPayloadTheLowerPortIsTheServer() {
        table.onPacket(tcp(1, S, 443, C, 51000, ACK, 5000, 100, null));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals(C, f.clientIp());
        assertEquals(443, f.serverPort());
        assertTrue(f.flags().contains("client-from-ports"));
    }

    @Test
    void idleFlowsEndByTimeoutInCaptureTime() {
        table = new FlowTracker(FlowOptions.defaults().withIdleTimeoutNanos(60_000_000_000L), sink);
        handshake(1, 40004, 443);
        table.onPacket(tcp(100, C, 40005, S, 443, SYN, 1, 0, null));  // 99 s later, another flow
        assertEquals(1, sink.flows.size(), "the first flow ended before the end of the capture");
        assertEquals("timeout", sink.flows.get(0).state());
        table.finish();
        assertEquals(2, sink.flows.size());
        assertEquals(1, table.counters().flowsIdleTimeout);
    }

    @Test
    void liveFlowsAreBoundedByEvictingTheLeastRecentlyActive() {
        table = new FlowTracker(FlowOptions.defaults().withMaxLiveFlows(2), sink);
        table.onPacket(tcp(1, C, 1, S, 443, SYN, 1, 0, null));
        table.onPacket(tcp(2, C, 2, S, 443, SYN, 1, 0, null));
        table.onPacket(tcp(3, C, 1, S, 443, SYN, 1, 0, null));   // flow 1 active again
        table.onPacket(tcp(4, C, 3, S, 443, SYN, 1, 0, null));   // evicts flow 2
        assertEquals(1, sink.flows.size());
        assertEquals(2, sink.flows.get(0).clientPort());
        assertTrue(sink.flows.get(0).flags().contains("evicted"));
        assertEquals(1, table.counters().flowsEvicted);
        table.finish();
        assertEquals(3, sink.flows.size());
    }

    @Test
    void keepAliveRequestsGetTheirStatusesInOrder() {
        handshake(1, 40006, 80);
        byte[] reqs = ascii("GET /a HTTP/1.1\r\nHost: go.example\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: go.example\r\nContent-Length: 5\r\n\r\nhello"
                + "HEAD /c HTTP/1.1\r\nHost: go.example\r\n\r\n");
        table.onPacket(tcp(1.1, C, 40006, S, 80, ACK | PSH, 1001, 5001, reqs));
        byte[] resp = ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
                + "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 1000\r\n\r\n");
        table.onPacket(tcp(1.2, S, 80, C, 40006, ACK | PSH, 5001, 1001 + reqs.length, resp));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals(3, f.http().size());
        assertEquals(List.of("GET", "POST", "HEAD"), f.http().stream().map(HttpExchange::method).toList());
        assertEquals(List.of(200, 201, 404), f.http().stream().map(HttpExchange::status).toList());
        assertEquals("go.example", f.host());
    }

    @Test
    void connectTunnelKeepsTargetStatusAndInnerClientHello() {
        handshake(1, 40007, 3128);
        byte[] connect = ascii("CONNECT sum.golang.org:443 HTTP/1.1\r\nHost: sum.golang.org:443\r\n"
                + "Proxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n\r\n");
        table.onPacket(tcp(1.1, C, 40007, S, 3128, ACK | PSH, 1001, 5001, connect));
        byte[] ok = ascii("HTTP/1.1 200 Connection established\r\n\r\n");
        table.onPacket(tcp(1.2, S, 3128, C, 40007, ACK | PSH, 5001, 1001 + connect.length, ok));
        byte[] hello = Packets.clientHello("sum.golang.org", "http/1.1");
        table.onPacket(tcp(1.3, C, 40007, S, 3128, ACK | PSH, 1001 + connect.length, 5001 + ok.length, hello));
        table.onPacket(tcp(1.4, S, 3128, C, 40007, ACK | PSH, 5001 + ok.length, 1001 + connect.length + hello.length,
                Packets.serverHello()));
        table.finish();
        FlowRecord f = sink.only();
        assertNotNull(f.connect());
        assertEquals("sum.golang.org:443", f.connect().target());
        assertEquals(200, f.connect().status());
        assertEquals("Basic", f.connect().proxyAuthScheme());
        assertNull(f.clientHello());
        assertEquals("sum.golang.org", f.tunnelHello().sni());
        assertNotNull(f.tunnelServerHello());
        assertEquals("sum.golang.org", f.host());
        assertTrue(!f.toString().contains("dXNlcjpzZWNyZXQ="), "credentials are never kept");
    }

    @Test
    void dnsAnswersNameLaterFlowsOnly() {
        // a flow to the address before the answer, then the lookup, then a flow after it
        table.onPacket(tcp(1, C, 40010, "203.0.113.7", 443, SYN, 1, 0, null));
        table.onPacket(udp(2, C, 5555, "198.51.100.53", 53, Packets.dns(0x1234, false, "proxy.golang.org", 1, null)));
        table.onPacket(udp(2.01, "198.51.100.53", 53, C, 5555,
                Packets.dns(0x1234, true, "proxy.golang.org", 1, "cdn.example.net", "203.0.113.7")));
        table.onPacket(tcp(3, C, 40011, "203.0.113.7", 443, SYN, 1, 0, null));
        table.finish();
        FlowRecord before = sink.flows.stream().filter(f -> f.clientPort() == 40010).findFirst().orElseThrow();
        FlowRecord after = sink.flows.stream().filter(f -> f.clientPort() == 40011).findFirst().orElseThrow();
        assertEquals(List.of(), before.serverNames());
        assertEquals(List.of("proxy.golang.org"), after.serverNames(), "the CNAME chain leads back to the query name");
        assertEquals("proxy.golang.org", after.host());
        assertEquals(1, sink.dns.size());
        DnsLookup l = sink.dns.get(0);
        assertEquals("proxy.golang.org", l.qname());
        assertEquals(List.of("cdn.example.net", "203.0.113.7"), l.answers());
        assertEquals(0, l.rcode());
        assertEquals(C, l.clientIp());
        assertEquals(5555, l.clientPort());
    }

    @Test
    void unansweredQueriesAreEmittedAtTheEnd() {
        table.onPacket(udp(1, C, 5556, "198.51.100.53", 53, Packets.dns(7, false, "sum.golang.org", 28, null)));
        table.onPacket(udp(2, C, 5556, "198.51.100.53", 53, Packets.dns(7, false, "sum.golang.org", 28, null)));
        // a response for another id does not match
        table.onPacket(udp(2.5, "198.51.100.53", 53, C, 5556, Packets.dns(8, true, "sum.golang.org", 28, null)));
        assertEquals(1, sink.dns.size());
        assertTrue(sink.dns.get(0).flags().contains("query-not-captured"));
        table.finish();
        assertEquals(2, sink.dns.size());
        DnsLookup l = sink.dns.get(1);
        assertEquals(Long.MIN_VALUE, l.responseNanos());
        assertEquals(-1, l.rcode());
        assertEquals(28, l.qtype());
        assertTrue(l.flags().contains("query-retransmitted"));
        assertEquals(1, table.counters().dnsUnanswered);
    }

    @Test
    void nameResolutionBlockEntriesApplyFromTheStart() {
        table.onNameResolution(IpLiteral.parse(S), "git.example.org");
        table.onPacket(tcp(1, C, 40012, S, 22, SYN, 1, 0, null));
        table.finish();
        assertEquals(List.of("git.example.org"), sink.only().serverNames());
    }

    @Test
    void afterBytesLostByTheCaptureHttpParsingResynchronisesOnTheNextRequest() {
        handshake(1, 40014, 80);
        byte[] r1 = ascii("GET /one HTTP/1.1\r\nHost: a.example\r\n\r\n");
        byte[] r2 = ascii("GET /two HTTP/1.1\r\nHost: a.example\r\n\r\n");   // never captured
        byte[] r3 = ascii("GET /three HTTP/1.1\r\nHost: a.example\r\n\r\n");
        long seq = 1001;
        table.onPacket(tcp(1.1, C, 40014, S, 80, ACK | PSH, seq, 5001, r1));
        table.onPacket(tcp(1.3, C, 40014, S, 80, ACK | PSH, seq + r1.length + r2.length, 5001, r3));
        // the server acknowledges everything: the receiver got r2, the capture lost it
        table.onPacket(tcp(1.4, S, 80, C, 40014, ACK, 5001, seq + r1.length + r2.length + r3.length, null));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals(List.of("/one", "/three"), f.http().stream().map(HttpExchange::target).toList());
        assertTrue(f.flags().contains("gap"), f.flags().toString());
        assertEquals(1, table.counters().streamGaps);
    }

    @Test
    void malformedHttpResponseIsFlaggedAndCountedNotFatal() {
        handshake(1, 40015, 80);
        byte[] req = ascii("GET /ok HTTP/1.1\r\nHost: a.example\r\n\r\n");
        table.onPacket(tcp(1.1, C, 40015, S, 80, ACK | PSH, 1001, 5001, req));
        table.onPacket(tcp(1.2, S, 80, C, 40015, ACK | PSH, 5001, 1001 + req.length, ascii("HTTP/1.1 2xx Fine\r\n\r\n")));
        table.onPacket(tcp(1.3, C, 40015, S, 80, ACK | PSH, 1001 + req.length, 5001,
                ascii("GET /next HTTP/1.1\r\nHost: a.example\r\n\r\n")));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals(List.of("/ok", "/next"), f.http().stream().map(HttpExchange::target).toList());
        assertEquals(0, f.http().get(0).status());
        assertTrue(f.flags().contains("http-malformed"), f.flags().toString());
        assertEquals(1, table.counters().httpMalformed);
    }

    @Test
    void malformedTlsIsFlaggedAndCountedNotFatal() {
        handshake(1, 40013, 443);
        byte[] bad = {0x16, 0x03, 0x01, 0x00, 0x08, 0x01, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0};
        table.onPacket(tcp(1.1, C, 40013, S, 443, ACK | PSH, 1001, 5001, bad));
        table.finish();
        FlowRecord f = sink.only();
        assertTrue(f.flags().contains("tls-malformed"), f.flags().toString());
        assertEquals(1, table.counters().tlsMalformed);
    }

    /** The request head parser's notes reach the record, per request (they used to be dropped). */
    @Test
    void httpParserFlagsAreKeptPerRequest() {
        handshake(1, 40020, 3128);
        byte[] reqs = ascii("GET http://user:secret@go.example/x HTTP/1.1\r\nHost: go.example\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: go.example\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                + "0\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: go.example\r\n\r\n");
        table.onPacket(tcp(1.1, C, 40020, S, 3128, ACK | PSH, 1001, 5001, reqs));
        table.finish();
        FlowRecord f = sink.only();
        assertEquals(3, f.http().size());
        assertEquals("http://***@go.example/x", f.http().get(0).target());
        assertEquals(List.of("userinfo-redacted"), f.http().get(0).flags());
        assertEquals(List.of("te-and-cl"), f.http().get(1).flags());
        assertEquals(List.of(), f.http().get(2).flags());
    }
}
