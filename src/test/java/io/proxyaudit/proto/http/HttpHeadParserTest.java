package io.proxyaudit.proto.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ParseResult.Status;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.TlsParser;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpHeadParserTest {
    /** zeek__proxy.pcap, client stream: an absolute-form target with an upper-case scheme sent to a proxy. */
    static final String PROXY_GET = "GET HTTP://bro.org/ HTTP/1.1\r\n"
            + "User-Agent: curl/7.33.0\r\n"
            + "Host: bro.org\r\n"
            + "Accept: */*\r\n"
            + "Proxy-Connection: Keep-Alive\r\n"
            + "\r\n";

    /** zeek__connect-with-header.pcap, client stream: CONNECT head (the ClientHello follows in the same segment). */
    static final String CONNECT_NEWEGG = "CONNECT secure.newegg.com:443 HTTP/1.1\r\n"
            + "User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10.10; rv:41.0) Gecko/20100101 Firefox/41.0\r\n"
            + "Proxy-Connection: keep-alive\r\n"
            + "Connection: keep-alive\r\n"
            + "Host: secure.newegg.com:443\r\n"
            + "\r\n";

    /** ja4__https-connect.pcap, proxy's answer to CONNECT ts01-b.cloudsink.net:443. */
    static final String CONNECT_200 = "HTTP/1.0 200 OK\r\n"
            + "Date: Mon, 02 Sep 2019 18:56:53 GMT\r\n"
            + "Via: http/1.1 proxies.xxxxxxxxx.xxxxx.com (XXXXXXXXXXXXXXXXXXX)\r\n"
            + "Server: XXX\r\n"
            + "\r\n";

    @Test
    void absoluteUriWithUpperCaseSchemeIsKeptAsSent() {
        HttpRequestHead h = request(PROXY_GET);
        assertEquals("GET", h.method());
        assertEquals("HTTP://bro.org/", h.target()); // tshark http.request.uri for this capture
        assertEquals("HTTP/1.1", h.version());
        assertEquals("bro.org", h.host());
        assertEquals("curl/7.33.0", h.userAgent());
        assertNull(h.proxyAuthorization());
        assertEquals(PROXY_GET.length(), h.headLength());
        assertEquals(-1, h.contentLength());
        assertFalse(h.chunked());
        assertTrue(h.flags().isEmpty(), h.flags().toString());
    }

    @Test
    void connectFollowedByTheTunnelsClientHello() {
        // the ClientHello that follows the CONNECT head in the same capture
        byte[] hello = Hex.bytes(
                "16030100da",                                                       // record: handshake(22), version 3.1, length 218
                "010000d6",                                                         // handshake: type 1, length 214
                "0303",                                                             // legacy_version 0x0303
                "a43f932faf9f14443fa4652e5a396d5d86c3a3c5589b74e07ffe288cc67b00cd", // random
                "20",                                                               // legacy_session_id length 32
                "41b61a5ca7c5409b77315c4ca08006d740ea0335c6db933c43275ed00b196f00", // legacy_session_id
                "0016",                                                             // cipher_suites length 22 (11 suites)
                "c02bc02fc00ac009c013c01400330039002f0035000a",                     // cipher_suites: c02b,c02f,c00a,c009,c013,c014,0033,0039,002f,0035,000a
                "01",                                                               // compression_methods length 1
                "00",                                                               // compression_methods
                "0077",                                                             // extensions length 119
                "00000016",                                                         // ext 0x0000 server_name, length 22 host_name=secure.newegg.com
                "00140000117365637572652e6e65776567672e636f6d",
                "ff010001",                                                         // ext 0xff01 renegotiation_info, length 1
                "00",
                "000a0008",                                                         // ext 0x000a supported_groups, length 8
                "0006001700180019",
                "000b0002",                                                         // ext 0x000b ec_point_formats, length 2
                "0100",
                "00230000",                                                         // ext 0x0023 session_ticket, length 0
                "33740000",                                                         // ext 0x3374 type 13172, length 0
                "00100017",                                                         // ext 0x0010 alpn, length 23 h2,spdy/3.1,http/1.1
                "001502683208737064792f332e3108687474702f312e31",
                "00050005",                                                         // ext 0x0005 status_request, length 5
                "0100000000",
                "000d0016",                                                         // ext 0x000d signature_algorithms, length 22
                "00140401050106010201040305030603020304020202"
        );
        byte[] stream = Hex.concat(Hex.ascii(CONNECT_NEWEGG), hello);
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(stream, 0, stream.length);
        assertEquals(Status.OK, r.status());
        assertEquals("CONNECT", r.value().method());
        assertEquals("secure.newegg.com:443", r.value().target());
        assertEquals("secure.newegg.com:443", r.value().host());
        assertEquals(CONNECT_NEWEGG.length(), r.consumed());
        ParseResult<ClientHello> inner = TlsParser.parseClientHello(stream, r.consumed(), stream.length - r.consumed());
        assertEquals(Status.OK, inner.status(), inner.problem());
        assertEquals("secure.newegg.com", inner.value().sni());
    }

    @Test
    void proxyAuthorizationKeepsOnlyTheScheme() {
        String req = "CONNECT proxy.golang.org:443 HTTP/1.1\r\n"
                + "Host: proxy.golang.org:443\r\n"
                + "Proxy-Authorization: Basic dXNlcjpzM2NyM3Q=\r\n"
                + "\r\n";
        HttpRequestHead h = request(req);
        assertEquals("Basic", h.proxyAuthorization());
        assertFalse(h.toString().contains("dXNlcjpzM2NyM3Q"), "credentials must not be stored");
        HttpRequestHead lower = request("GET http://x/ HTTP/1.1\r\nproxy-authorization:   Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1\r\n\r\n");
        assertEquals("Negotiate", lower.proxyAuthorization());
        assertFalse(lower.toString().contains("YIIG"));
    }

    @Test
    void passwordsInTargetsAndHostAreNeverKept() {
        HttpRequestHead a = request("GET http://alice:s3cret@proxy.example:3128/mod/@v/list HTTP/1.1\r\n"
                + "Host: alice:s3cret@proxy.example:3128\r\n\r\n");
        assertEquals("http://***@proxy.example:3128/mod/@v/list", a.target(), "an '@' in the path stays");
        assertEquals("***@proxy.example:3128", a.host());
        assertTrue(a.flags().contains("userinfo-redacted"));
        assertFalse(a.toString().contains("s3cret"));
        HttpRequestHead c = request("CONNECT bob:pw@sum.golang.org:443 HTTP/1.1\r\n\r\n");
        assertEquals("***@sum.golang.org:443", c.target());
        assertEquals("/a@b", request("GET /a@b HTTP/1.1\r\n\r\n").target(), "origin form untouched");
        assertEquals("HTTP://bro.org/", request(PROXY_GET).target());
    }

    @Test
    void bareLineFeedsAndOddRequestLinesAreParsedLikeTshark() {
        // zeek__methods.pcap uses bare LF; tshark reports these method/uri/version triples
        HttpRequestHead a = request("GET / HTTP/1.\nHost: www.google.com\n\n");
        assertEquals("/", a.target());
        assertEquals("HTTP/1.", a.version());
        assertTrue(a.flags().contains("bad-version"));
        assertEquals("www.google.com", a.host());
        HttpRequestHead b = request("GET /HTTP/1.1\nHost: www.google.com\n\n");
        assertEquals("/HTTP/1.1", b.target());
        assertNull(b.version());
        HttpRequestHead c = request("OPTIONS HTTP/1.1\nHost: www.google.com\n\n");
        assertEquals("HTTP/1.1", c.target());
        assertNull(c.version());
        HttpRequestHead d = request("OPTIONS\nHost: www.google.com\n\n");
        assertEquals("OPTIONS", d.method());
        assertNull(d.target());
        assertEquals("www.google.com", d.host());
        HttpRequestHead e = request("CCM_POST / HTTP/1.1\nHost: www.google.com\n\n");
        assertEquals("CCM_POST", e.method());
    }

    @Test
    void bodyFramingHeaders() {
        HttpRequestHead cl = request("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n");
        assertEquals(12, cl.contentLength());
        HttpRequestHead te = request("POST / HTTP/1.1\r\nHost: target\r\nTransfer-Encoding: chunked\r\nContent-Length: 50\r\n\r\n");
        assertTrue(te.chunked());
        assertTrue(te.flags().contains("te-and-cl"), "zeek__variant-04-te_cl_desync.pcap");
        assertFalse(request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n").chunked());
        assertTrue(request("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n").chunked());
        assertTrue(request("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").flags()
                .contains("conflicting-content-length"));
        assertEquals(7, request("POST / HTTP/1.1\r\nContent-Length: 7, 7\r\n\r\n").contentLength());
        assertTrue(request("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").flags().contains("bad-content-length"));
    }

    @Test
    void nonHttpIsRejectedWithinTheFirstBytes() {
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.bytes("16030100f4010000f00303")), "TLS record");
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.bytes("00350120")), "DNS over TCP");
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.ascii("SSH-2.0-OpenSSH\r\n")), "'/' is no tchar... but '-' is: no SP");
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.ascii("G\r\n")), "too short for a bare method");
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.ascii("get\n")), "bare lower-case word");
        // suricata__10.7.29.101_49898-178.63.41.150_25.pcap: SMTP looks like "token SP text" but has no version
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.ascii("EHLO 173-66-46-112.wash.fios.verizon.net\r\n\r\n")));
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.ascii("QUIT\r\n\r\n")));
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.ascii("EHLO mail.example\r\n")),
                "decided at the end of the first line, without waiting for an empty line SMTP never sends");
        assertEquals(Status.OK, status(Hex.ascii("BREW /pot HTTP/1.1\r\n\r\n")), "any token with a version");
        assertEquals(Status.NOT_THIS_PROTOCOL, status(Hex.ascii("\r\n\r\n\r\n\r\n\r\n")));
        assertEquals(Status.NEED_MORE, status(Hex.ascii("GE")));
        assertEquals(Status.NEED_MORE, status(Hex.ascii("GET / HTTP/1.1\r\nHost: a\r\n")));
        assertEquals(Status.NEED_MORE, status(new byte[0]));
    }

    @Test
    void leadingEmptyLinesAreSkipped() {
        byte[] b = Hex.ascii("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(b, 0, b.length);
        assertEquals("GET", r.value().method());
        assertEquals(b.length, r.consumed());
    }

    @Test
    void sizesAreBounded() {
        String longValue = "x".repeat(5000);
        HttpRequestHead h = request("GET / HTTP/1.1\r\nHost: " + longValue + "\r\nUser-Agent: \u0001ok\r\n\r\n");
        assertEquals(HttpHeadParser.MAX_VALUE, h.host().length());
        assertFalse(h.flags().contains("line-too-long"));
        HttpRequestHead longLine = request("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nCookie: " + "c".repeat(9000) + "\r\n\r\n");
        assertTrue(longLine.flags().containsAll(List.of("line-too-long", "target-cut")), longLine.flags().toString());
        assertEquals(HttpHeadParser.MAX_TARGET, longLine.target().length());
        assertTrue(h.flags().contains("value-cut"));
        assertEquals("\\x01ok", h.userAgent());
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 200; i++) {
            many.append("X-").append(i).append(": y\r\n");
        }
        many.append("Host: late\r\n\r\n");
        HttpRequestHead m = request(many.toString());
        assertTrue(m.flags().contains("headers-cut"));
        assertNull(m.host(), "fields after the limit are not looked at");
        byte[] endless = Hex.ascii("GET / HTTP/1.1\r\nX: " + "y".repeat(HttpHeadParser.MAX_HEAD) + "\r\n");
        assertEquals(Status.MALFORMED, status(endless));
    }

    @Test
    void duplicateHostIsFlaggedAndTheFirstKept() {
        HttpRequestHead h = request("GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n");
        assertEquals("a.example", h.host());
        assertTrue(h.flags().contains("duplicate-host"));
    }

    @Test
    void responseHeads() {
        ParseResult<HttpResponseHead> r = HttpHeadParser.parseResponse(Hex.ascii(CONNECT_200), 0, CONNECT_200.length());
        assertEquals(Status.OK, r.status());
        assertEquals(new HttpResponseHead("HTTP/1.0", 200, "OK", -1, false, CONNECT_200.length()), r.value());
        HttpResponseHead p = response("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        assertEquals(407, p.status());
        assertEquals(0, p.contentLength());
        assertEquals("", response("HTTP/1.1 204\r\n\r\n").reason());
        assertTrue(response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").chunked());
        assertEquals(Status.MALFORMED, HttpHeadParser.parseResponse(Hex.ascii("HTTP/1.1 OK\r\n\r\n"), 0, 15).status());
        assertEquals(Status.NOT_THIS_PROTOCOL, HttpHeadParser.parseResponse(Hex.ascii("GET / HTTP/1.1\r\n"), 0, 16).status());
        assertEquals(Status.NEED_MORE, HttpHeadParser.parseResponse(Hex.ascii("HTT"), 0, 3).status());
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(9112L);
        byte[] base = Hex.ascii(PROXY_GET + CONNECT_200);
        for (int round = 0; round < 20000; round++) {
            byte[] b = base.clone();
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                b[random.nextInt(b.length)] = (byte) "\r\n :\t0aZ\u0000\u00ff".charAt(random.nextInt(10));
            }
            int len = random.nextInt(b.length + 1);
            assertDoesNotThrow(() -> HttpHeadParser.parseRequest(b, 0, len));
            assertDoesNotThrow(() -> HttpHeadParser.parseResponse(b, 0, len));
        }
        assertEquals(List.of(), request("GET / HTTP/1.1\r\n\r\n").flags());
    }

    private static HttpRequestHead request(String s) {
        byte[] b = Hex.ascii(s);
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(b, 0, b.length);
        assertEquals(Status.OK, r.status(), r.problem());
        return r.value();
    }

    private static HttpResponseHead response(String s) {
        byte[] b = Hex.ascii(s);
        ParseResult<HttpResponseHead> r = HttpHeadParser.parseResponse(b, 0, b.length);
        assertEquals(Status.OK, r.status(), r.problem());
        return r.value();
    }

    private static Status status(byte[] b) {
        return HttpHeadParser.parseRequest(b, 0, b.length).status();
    }
}
