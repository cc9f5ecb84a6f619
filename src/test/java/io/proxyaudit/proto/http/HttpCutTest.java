package io.proxyaudit.proto.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.StreamFramer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heads cut by a snap length: the request line and the complete header lines before the cut are read, the head is
 * marked truncated, and framing goes on after the hole. The bytes are those of samples/g1-plain-goproxy-via-proxy
 * (frames 16, 29, 34, 35 and the head of 60: cmd/go's absolute-URI GETs to squid and its answers); {@code editcap -s 200} leaves
 * 134 of their TCP payload bytes (Ethernet 14 + IPv4 20 + TCP with timestamps 32 = 66 bytes of headers).
 */
class HttpCutTest {
    static final String GET_INFO = "GET http://plain.lab.test/lab.test/greet/@v/v1.1.0.info HTTP/1.1\r\n"
            + "Host: plain.lab.test\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n";
    static final String GET_ZIP = "GET http://plain.lab.test/lab.test/greet/@v/v1.1.0.zip HTTP/1.1\r\n"
            + "Host: plain.lab.test\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n";
    static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "X-Content-Type-Options: nosniff\r\nDate: Tue, 24 Nov 2026 00:01:03 GMT\r\nContent-Length: 19\r\n"
            + "X-Cache: MISS from vm\r\nX-Cache-Lookup: MISS from vm:3128\r\nVia: 1.1 vm (squid/5.7)\r\n"
            + "Connection: keep-alive\r\n\r\n";
    static final String NOT_FOUND_BODY = "404 page not found\n";
    static final String OK_MOD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Date: Tue, 24 Nov 2026 00:01:04 GMT\r\nContent-Length: 62\r\nX-Cache: MISS from vm\r\n"
            + "X-Cache-Lookup: MISS from vm:3128\r\nVia: 1.1 vm (squid/5.7)\r\nConnection: keep-alive\r\n\r\n";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void cutAfterTheUserAgentLineKeepsRequestLineHostAndUserAgent() {
        byte[] b = ascii(GET_INFO);
        assertEquals(145, b.length, "frame 16: 211 bytes on the wire, 145 of TCP payload");
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseCutRequest(b, 0, 134);
        assertEquals(ParseResult.Status.OK, r.status(), r.problem());
        HttpRequestHead h = r.value();
        assertEquals("GET", h.method());
        assertEquals("http://plain.lab.test/lab.test/greet/@v/v1.1.0.info", h.target());
        assertEquals("HTTP/1.1", h.version());
        assertEquals("plain.lab.test", h.host());
        assertEquals("Go-http-client/1.1", h.userAgent());
        assertTrue(h.truncated());
        assertEquals(ParseResult.Status.NEED_MORE, HttpHeadParser.parseRequest(b, 0, 134).status(),
                "the ordinary parser still waits for the end of the head");
    }

    @Test
    void aHeaderLineReachingIntoTheCutIsLeftOut() {
        byte[] b = ascii(GET_INFO);
        int hostLineEnd = GET_INFO.indexOf("\r\nUser-Agent") + 2;
        HttpRequestHead h = HttpHeadParser.parseCutRequest(b, 0, hostLineEnd - 3).value();
        assertNull(h.host(), "Host: plain.lab.t... is not a host");
        assertEquals("http://plain.lab.test/lab.test/greet/@v/v1.1.0.info", h.target());
        assertEquals("plain.lab.test", HttpHeadParser.parseCutRequest(b, 0, hostLineEnd).value().host());
        assertNull(HttpHeadParser.parseCutRequest(b, 0, hostLineEnd).value().userAgent());
    }

    @Test
    void aCutRequestLineGivesTheMethodAndTheTargetAsFarAsCaptured() {
        byte[] b = ascii(GET_INFO);
        // editcap -s 96: 30 bytes of payload
        HttpRequestHead h = HttpHeadParser.parseCutRequest(b, 0, 30).value();
        assertEquals("GET", h.method());
        assertEquals("http://plain.lab.test/lab.", h.target());
        assertNull(h.version());
        assertEquals(List.of("target-cut"), h.flags());
        assertTrue(h.truncated());
        // editcap -s 128: 62 bytes of the 66-byte request line; only the version is cut, the target is whole
        HttpRequestHead whole = HttpHeadParser.parseCutRequest(b, 0, 62).value();
        assertEquals("http://plain.lab.test/lab.test/greet/@v/v1.1.0.info", whole.target());
        assertEquals(List.of(), whole.flags());
    }

    @Test
    void aTargetCutInsideItsUserinfoShowsNoPasswordPart() {
        byte[] b = ascii("GET http://labuser:labpass@plain.lab.test/x HTTP/1.1\r\n");
        assertEquals("http://labuser:***", HttpHeadParser.parseCutRequest(b, 0, 22).value().target());
        assertEquals("http://***@plain.lab.test/x", HttpHeadParser.parseCutRequest(b, 0, 47).value().target());
        byte[] c = ascii("CONNECT proxy.golang.org:443 HTTP/1.1\r\n");
        assertEquals("proxy.golang.org:44", HttpHeadParser.parseCutRequest(c, 0, 27).value().target(),
                "digits after the colon are a port");
    }

    @Test
    void withoutAKnownMethodACutLineIsNotHttp() {
        byte[] b = ascii("EHLO mail.example.org\r\n");
        assertEquals(ParseResult.Status.NOT_THIS_PROTOCOL, HttpHeadParser.parseCutRequest(b, 0, 10).status());
    }

    @Test
    void proxyAuthorizationOfACutHeadKeepsOnlyTheScheme() {
        String head = "CONNECT sum.golang.org:443 HTTP/1.1\r\nHost: sum.golang.org:443\r\n"
                + "Proxy-Authorization: Basic bGFidXNlcjpsYWJwYXNz\r\nUser-Agent: Go-http-cl";
        HttpRequestHead h = HttpHeadParser.parseCutRequest(ascii(head), 0, head.length()).value();
        assertEquals("Basic", h.proxyAuthorization());
        assertNull(h.userAgent());
        assertTrue(h.truncated());
        assertFalse(h.toString().contains("bGFid"), "credentials never leave the parser");
    }

    @Test
    void keepAliveRequestsAfterCutHeadsAreAllFound() {
        HttpFramerTest.Recorder rec = new HttpFramerTest.Recorder();
        HttpRequestFramer f = new HttpRequestFramer(new HttpConnection(), rec);
        byte[] first = ascii(GET_INFO);
        byte[] second = ascii(GET_ZIP);
        feedCut(f, first, 134);
        feedCut(f, second, 134);
        assertEquals(List.of("http://plain.lab.test/lab.test/greet/@v/v1.1.0.info",
                "http://plain.lab.test/lab.test/greet/@v/v1.1.0.zip"), rec.targets());
        assertTrue(rec.requests.stream().allMatch(HttpRequestHead::truncated));
        assertEquals(StreamFramer.MORE, f.state());
    }

    @Test
    void responsesAfterCutHeadsKeepTheirOrderAndStatus() {
        HttpConnection c = new HttpConnection();
        HttpFramerTest.Recorder rec = new HttpFramerTest.Recorder();
        HttpRequestFramer req = new HttpRequestFramer(c, rec);
        HttpResponseFramer resp = new HttpResponseFramer(c, rec);
        feedCut(req, ascii(GET_INFO), 134);
        feedCut(resp, ascii(NOT_FOUND), 134); // frame 34: 264 bytes of payload, Content-Length beyond the cut
        byte[] body = ascii(NOT_FOUND_BODY); // frame 35, whole: a body that does not end in the next head's line
        assertEquals(0, resp.feed(body, 0, body.length), "looking for the next status line, keeping the bytes");
        byte[] next = (NOT_FOUND_BODY + OK_MOD).getBytes(StandardCharsets.US_ASCII);
        long used = resp.feed(next, 0, next.length);
        assertEquals(next.length + 62, used, "the whole 200 head and its 62-byte body");
        assertEquals(List.of(404, 200), rec.statuses);
    }

    @Test
    void aCutConnectHandsTheStreamOverAfterTheHole() {
        String connect = "CONNECT sum.golang.org:443 HTTP/1.1\r\nHost: sum.golang.org:443\r\nUser-Agent: Go-http-client/1.1\r\n\r\n";
        HttpFramerTest.Recorder rec = new HttpFramerTest.Recorder();
        HttpRequestFramer f = new HttpRequestFramer(new HttpConnection(), rec);
        byte[] b = ascii(connect);
        assertEquals(0, f.feed(b, 0, 60));
        assertEquals(b.length, f.truncated(b, 0, 60, b.length - 60));
        assertEquals(StreamFramer.HANDOFF, f.state());
        assertEquals("sum.golang.org:443", rec.requests.get(0).target());
    }

    /** Feeds the first {@code captured} bytes of {@code msg} as the reassembler does, then reports the hole. */
    private static void feedCut(StreamFramer f, byte[] msg, int captured) {
        long used = f.feed(msg, 0, captured);
        int left = (int) (captured - used);
        long skipped = f.truncated(msg, (int) used, left, msg.length - captured);
        assertEquals(left + msg.length - captured, skipped, "framing goes on after the hole");
    }
}
