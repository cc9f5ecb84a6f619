package io.proxyaudit.proto.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ParseResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpMessageWalkerTest {

    /** The client-to-server stream of zeek__pipelined-requests.pcap (tshark follow,tcp,raw,0), 2718 bytes. */
    private static byte[] pipelined() throws IOException {
        try (InputStream in = HttpMessageWalkerTest.class.getResourceAsStream("zeek-pipelined-requests-c2s.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void pipelinedRequestsAreWalkedOneByOne() throws IOException {
        byte[] b = pipelined();
        HttpMessageWalker.Requests r = HttpMessageWalker.requests(b, 0, b.length);
        // tshark's http.tsv for this capture lists these five URIs, all Host www.mozilla.org
        assertEquals(List.of("/style/enhanced.css", "/script/urchin.js", "/images/template/screen/bullet_utility.png",
                "/images/template/screen/key-point-top.png", "/projects/calendar/images/header-sunbird.png"),
                r.heads().stream().map(HttpRequestHead::target).toList());
        assertTrue(r.heads().stream().allMatch(h -> "www.mozilla.org".equals(h.host())));
        assertEquals(b.length, r.consumed());
        assertEquals(Status.OK, r.stoppedBy());
    }

    @Test
    void walkStopsWithNeedMoreInsideAHead() throws IOException {
        byte[] b = pipelined();
        HttpMessageWalker.Requests r = HttpMessageWalker.requests(b, 0, 1000);
        assertEquals(Status.NEED_MORE, r.stoppedBy());
        assertTrue(r.heads().size() >= 1 && r.heads().size() < 5);
    }

    @Test
    void contentLengthBodyIsSkipped() {
        byte[] b = Hex.ascii("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\n\r\n");
        HttpMessageWalker.Requests r = HttpMessageWalker.requests(b, 0, b.length);
        assertEquals(List.of("/a", "/b"), r.heads().stream().map(HttpRequestHead::target).toList());
        HttpMessageWalker.Requests cut = HttpMessageWalker.requests(b, 0, 40);
        assertEquals(Status.NEED_MORE, cut.stoppedBy());
        assertEquals(1, cut.heads().size());
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() {
        String body = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n";
        byte[] b = Hex.ascii("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body + "GET /d HTTP/1.1\r\n\r\n");
        HttpMessageWalker.Requests r = HttpMessageWalker.requests(b, 0, b.length);
        assertEquals(List.of("/c", "/d"), r.heads().stream().map(HttpRequestHead::target).toList());
    }

    @Test
    void teClDesyncFollowsTransferEncoding() {
        // zeek__variant-04-te_cl_desync.pcap: chunked wins over Content-Length 50 (RFC 9112 §6.3 item 3),
        // so the smuggled second request is seen as its own request
        byte[] b = Hex.ascii("POST / HTTP/1.1\r\nHost: target\r\nTransfer-Encoding: chunked\r\nContent-Length: 50\r\n\r\n"
                + "0\r\n\r\nGET /smuggled-te-cl HTTP/1.1\r\nHost: target\r\n\r\n");
        HttpMessageWalker.Requests r = HttpMessageWalker.requests(b, 0, b.length);
        assertEquals(List.of("/", "/smuggled-te-cl"), r.heads().stream().map(HttpRequestHead::target).toList());
    }

    @Test
    void chunkedBodyErrors() {
        assertEquals(Status.MALFORMED, chunked("zz\r\n").status());
        assertEquals(Status.MALFORMED, chunked("1234567890abcdef0\r\n").status(), "16+ hex digits");
        assertEquals(Status.MALFORMED, chunked("3\r\nabcX\r\n").status(), "no CRLF after data");
        assertEquals(Status.NEED_MORE, chunked("ffff\r\nabc").status());
        assertEquals(Status.NEED_MORE, chunked("3\r\nabc\r").status());
        assertEquals(Status.NEED_MORE, chunked("0\r\n").status(), "trailer section not ended");
        assertEquals(Status.OK, chunked("3\r\nabc\n0\n\n").status(), "bare LF tolerated");
    }

    @Test
    void connectThenTlsStopsAtTheTunnelStart() {
        byte[] b = Hex.ascii("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\u0016\u0003\u0001\u0002\u0000");
        HttpMessageWalker.Requests r = HttpMessageWalker.requests(b, 0, b.length);
        assertEquals(1, r.heads().size());
        assertEquals(Status.NOT_THIS_PROTOCOL, r.stoppedBy());
        assertEquals(b.length - 5, r.consumed(), "tunnel bytes are left to the TLS parser");
    }

    @Test
    void plainHttpAfterConnectIsWalked() {
        // suricata__http-connect-simple__input.pcap: tshark lists CONNECT abc:443 and then GET / on the connection
        byte[] b = Hex.ascii("CONNECT abc:443 HTTP/1.1\r\nUser-Agent: Victor/1.0\r\n\r\n"
                + "GET / HTTP/1.1\r\nUser-Agent: Victor/1.0\r\n\r\n");
        HttpMessageWalker.Requests r = HttpMessageWalker.requests(b, 0, b.length);
        assertEquals(List.of("CONNECT", "GET"), r.heads().stream().map(HttpRequestHead::method).toList());
        assertEquals(b.length, r.consumed());
    }

    @Test
    void responseExtents() {
        byte[] ok200 = Hex.ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 304 Not Modified\r\n\r\n");
        HttpResponseHead h = HttpHeadParser.parseResponse(ok200, 0, ok200.length).value();
        assertEquals(h.headLength() + 3, HttpMessageWalker.responseExtent(ok200, 0, ok200.length, h, "GET").value().length());
        assertEquals(h.headLength(), HttpMessageWalker.responseExtent(ok200, 0, ok200.length, h, "HEAD").value().length());
        HttpMessageWalker.Extent tunnel = HttpMessageWalker.responseExtent(ok200, 0, ok200.length, h, "CONNECT").value();
        assertTrue(tunnel.untilClose());
        assertEquals(h.headLength(), tunnel.length());
        byte[] noLength = Hex.ascii("HTTP/1.0 200 OK\r\n\r\nbody until close");
        HttpResponseHead n = HttpHeadParser.parseResponse(noLength, 0, noLength.length).value();
        assertTrue(HttpMessageWalker.responseExtent(noLength, 0, noLength.length, n, "GET").value().untilClose());
        byte[] denied = Hex.ascii("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        HttpResponseHead d = HttpHeadParser.parseResponse(denied, 0, denied.length).value();
        HttpMessageWalker.Extent e = HttpMessageWalker.responseExtent(denied, 0, denied.length, d, "CONNECT").value();
        assertEquals(denied.length, e.length());
        assertTrue(!e.untilClose(), "a refused CONNECT is no tunnel");
    }

    @Test
    void keepAliveResponsesAreMatchedToTheirRequests() {
        byte[] b = Hex.ascii("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                + "HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n"            // answer to HEAD: no body
                + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
                + "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 Connection established\r\n\r\n\u0016\u0003\u0003");
        HttpMessageWalker.Responses r = HttpMessageWalker.responses(b, 0, b.length,
                List.of("POST", "HEAD", "GET", "CONNECT", "CONNECT"));
        assertEquals(List.of(100, 200, 200, 404, 407, 200), r.heads().stream().map(HttpResponseHead::status).toList());
        assertEquals(Status.OK, r.stoppedBy());
        assertEquals(b.length - 3, r.consumed(), "the tunnel starts after the second CONNECT's 200");
    }

    @Test
    void responseWalkStopsAtABodyBeyondTheHead() {
        byte[] b = Hex.ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        HttpMessageWalker.Responses r = HttpMessageWalker.responses(b, 0, b.length, List.of("GET"));
        assertEquals(1, r.heads().size());
        assertEquals(Status.NEED_MORE, r.stoppedBy());
    }

    private static ParseResult<HttpMessageWalker.Extent> chunked(String body) {
        byte[] b = Hex.ascii(body);
        return HttpMessageWalker.chunkedExtent(b, 0, b.length, 0);
    }
}
