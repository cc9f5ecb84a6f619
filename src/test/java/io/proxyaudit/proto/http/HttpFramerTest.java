package io.proxyaudit.proto.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.StreamFramer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP/1.x framers the flow stage runs, fed whole stream heads as the stream reassembler would. */
class HttpFramerTest {
    /** Collects what a framer reported. */
    static final class Recorder implements HttpEvents {
        final List<HttpRequestHead> requests = new ArrayList<>();
        final List<Integer> statuses = new ArrayList<>();
        final List<Integer> connectStatuses = new ArrayList<>();
        int malformed;

        @Override
        public void onRequest(HttpRequestHead head) {
            requests.add(head);
        }

        @Override
        public void onResponse(HttpResponseHead head) {
            statuses.add(head.status());
        }

        @Override
        public void onConnectAnswered(int connectStatus) {
            connectStatuses.add(connectStatus);
        }

        @Override
        public void onMalformed() {
            malformed++;
        }

        List<String> targets() {
            return requests.stream().map(HttpRequestHead::target).toList();
        }
    }

    private final HttpConnection connection = new HttpConnection();
    private final Recorder rec = new Recorder();

    /** The client-to-server stream of zeek__pipelined-requests.pcap (tshark follow,tcp,raw,0), 2718 bytes. */
    private static byte[] pipelined() throws IOException {
        try (InputStream in = HttpFramerTest.class.getResourceAsStream("zeek-pipelined-requests-c2s.bin")) {
            return in.readAllBytes();
        }
    }

    private HttpRequestFramer requests() {
        return new HttpRequestFramer(connection, rec);
    }

    private HttpResponseFramer responses() {
        return new HttpResponseFramer(connection, rec);
    }

    @Test
    void pipelinedRequestsAreFramedOneByOne() throws IOException {
        byte[] b = pipelined();
        HttpRequestFramer f = requests();
        assertEquals(b.length, f.feed(b, 0, b.length));
        // tshark's http.tsv for this capture lists these five URIs, all Host www.mozilla.org
        assertEquals(List.of("/style/enhanced.css", "/script/urchin.js", "/images/template/screen/bullet_utility.png",
                "/images/template/screen/key-point-top.png", "/projects/calendar/images/header-sunbird.png"),
                rec.targets());
        assertEquals(List.of("www.mozilla.org"), rec.requests.stream().map(HttpRequestHead::host).distinct().toList());
        assertEquals(StreamFramer.MORE, f.state());
    }

    @Test
    void aHeadCutInTheMiddleWaitsForTheRestAndResumes() throws IOException {
        byte[] b = pipelined();
        HttpRequestFramer f = requests();
        long used = f.feed(b, 0, 1000);
        int first = rec.requests.size();
        assertEquals(StreamFramer.MORE, f.state());
        assertEquals(true, first >= 1 && first < 5, "requests in the first 1000 bytes: " + first);
        // the reassembler hands the unconsumed bytes again, followed by the rest
        f.feed(b, (int) used, b.length - (int) used);
        assertEquals(5, rec.requests.size());
    }

    @Test
    void contentLengthBodyIsSkippedEvenBeforeItArrived() {
        byte[] b = Hex.ascii("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\n\r\n");
        assertEquals(b.length, requests().feed(b, 0, b.length));
        assertEquals(List.of("/a", "/b"), rec.targets());
        HttpRequestFramer cut = new HttpRequestFramer(new HttpConnection(), new Recorder());
        assertEquals(44, cut.feed(b, 0, 40), "the head (39 bytes) and the body of 5, one byte not received yet");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() {
        String body = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n";
        byte[] b = Hex.ascii("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body + "GET /d HTTP/1.1\r\n\r\n");
        assertEquals(b.length, requests().feed(b, 0, b.length));
        assertEquals(List.of("/c", "/d"), rec.targets());
    }

    @Test
    void teClDesyncFollowsTransferEncoding() {
        // zeek__variant-04-te_cl_desync.pcap: chunked wins over Content-Length 50 (RFC 9112 §6.3 item 3),
        // so the smuggled second request is seen as its own request
        byte[] b = Hex.ascii("POST / HTTP/1.1\r\nHost: target\r\nTransfer-Encoding: chunked\r\nContent-Length: 50\r\n\r\n"
                + "0\r\n\r\nGET /smuggled-te-cl HTTP/1.1\r\nHost: target\r\n\r\n");
        requests().feed(b, 0, b.length);
        assertEquals(List.of("/", "/smuggled-te-cl"), rec.targets());
    }

    @Test
    void chunkedBodyErrors() {
        assertEquals("MALFORMED", chunked("zz\r\n"));
        assertEquals("MALFORMED", chunked("1234567890abcdef0\r\n"), "16+ hex digits");
        assertEquals("MALFORMED", chunked("3\r\nabcX\r\n"), "no CRLF after data");
        assertEquals("NEED_MORE", chunked("ffff\r\nabc"));
        assertEquals("NEED_MORE", chunked("3\r\nabc\r"));
        assertEquals("NEED_MORE", chunked("0\r\n"), "trailer section not ended");
        assertEquals("OK", chunked("3\r\nabc\n0\n\n"), "bare LF tolerated");
    }

    @Test
    void chunkLinesAreLimitedTo4096Bytes() {
        String ext = ";" + "e".repeat(3000);
        assertEquals("OK", chunked("3" + ext + "\r\nabc\r\n0\r\nTrailer: " + "t".repeat(3000) + "\r\n\r\n"));
        assertEquals("MALFORMED", chunked("3;" + "e".repeat(ChunkedBody.MAX_LINE)));
        assertEquals("NEED_MORE", chunked("3;" + "e".repeat(ChunkedBody.MAX_LINE - 3)));
    }

    @Test
    void connectHandsTheStreamOverAtTheTunnelStart() {
        byte[] b = Hex.ascii("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\u0016\u0003\u0001\u0002\u0000");
        HttpRequestFramer f = requests();
        assertEquals(b.length - 5, f.feed(b, 0, b.length), "tunnel bytes are left to whatever is found there");
        assertEquals(StreamFramer.HANDOFF, f.state());
        assertEquals(1, rec.requests.size());
    }

    @Test
    void lowerCaseConnectIsNotConnect() {
        // RFC 9110 §9.1: method names are case-sensitive; "connect" is an unknown method, not a tunnel
        byte[] b = Hex.ascii("connect a:443 HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        HttpRequestFramer f = requests();
        assertEquals(b.length, f.feed(b, 0, b.length));
        assertEquals(StreamFramer.MORE, f.state());
        assertEquals(List.of("connect", "GET"), rec.requests.stream().map(HttpRequestHead::method).toList());
    }

    @Test
    void plainHttpAfterARefusedConnectContinuesTheConnection() {
        // suricata__http-connect-simple__input.pcap: tshark lists CONNECT abc:443 and then GET / on the connection
        byte[] b = Hex.ascii("CONNECT abc:443 HTTP/1.1\r\nUser-Agent: Victor/1.0\r\n\r\n"
                + "GET / HTTP/1.1\r\nUser-Agent: Victor/1.0\r\n\r\n");
        HttpRequestFramer f = requests();
        int head = (int) f.feed(b, 0, b.length);
        assertEquals(StreamFramer.HANDOFF, f.state());
        // the flow stage finds a request line there and opens a new request framer on the same connection
        assertEquals(b.length - head, requests().feed(b, head, b.length - head));
        assertEquals(List.of("CONNECT", "GET"), rec.requests.stream().map(HttpRequestHead::method).toList());
        assertEquals(2, connection.requests());
    }

    @Test
    void keepAliveResponsesAreMatchedToTheirRequests() {
        byte[] req = Hex.ascii("POST /p HTTP/1.1\r\nContent-Length: 0\r\n\r\nHEAD /h HTTP/1.1\r\n\r\nGET /g HTTP/1.1\r\n\r\n"
                + "CONNECT a:443 HTTP/1.1\r\n\r\n");
        requests().feed(req, 0, req.length);
        byte[] again = Hex.ascii("CONNECT a:443 HTTP/1.1\r\nProxy-Authorization: Basic eDp5\r\n\r\n");
        requests().feed(again, 0, again.length);
        byte[] b = Hex.ascii("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                + "HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n"            // answer to HEAD: no body
                + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
                + "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 Connection established\r\n\r\n\u0016\u0003\u0003");
        HttpResponseFramer f = responses();
        assertEquals(b.length - 3, f.feed(b, 0, b.length), "the tunnel starts after the second CONNECT's 200");
        assertEquals(StreamFramer.HANDOFF, f.state());
        assertEquals(List.of(200, 200, 404, 407, 200), rec.statuses, "the interim 100 answers nothing");
        assertEquals(List.of(407, 200), rec.connectStatuses);
        assertEquals(true, connection.connectAccepted());
    }

    @Test
    void aBodyWithoutLengthRunsToTheCloseAndEndsTheFraming() {
        byte[] req = Hex.ascii("GET / HTTP/1.0\r\n\r\n");
        requests().feed(req, 0, req.length);
        byte[] b = Hex.ascii("HTTP/1.0 200 OK\r\n\r\nbody until close");
        HttpResponseFramer f = responses();
        f.feed(b, 0, b.length);
        assertEquals(StreamFramer.DONE, f.state());
        assertEquals(List.of(200), rec.statuses);
    }

    @Test
    void aResponseBodyBeyondTheHeadIsSkipped() {
        byte[] b = Hex.ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        HttpResponseFramer f = responses();
        assertEquals(b.length - 5 + 100, f.feed(b, 0, b.length));
        assertEquals(StreamFramer.MORE, f.state());
    }

    @Test
    void afterAGapTheNextRequestLineIsFound() {
        byte[] first = Hex.ascii("GET /1 HTTP/1.1\r\n\r\n");
        HttpRequestFramer f = requests();
        f.feed(first, 0, first.length);
        assertEquals(true, f.resynchronise());
        byte[] afterGap = Hex.ascii("dy bytes\r\nmore body\nGET /2 HTTP/1.1\r\n\r\n");
        assertEquals(afterGap.length, f.feed(afterGap, 0, afterGap.length));
        assertEquals(List.of("/1", "/2"), rec.targets());
    }

    /** OK, NEED_MORE or MALFORMED for a chunked body fed as one stream head. */
    private static String chunked(String body) {
        byte[] b = Hex.ascii(body);
        ChunkedBody c = new ChunkedBody();
        long pos = 0;
        while (pos < b.length) {
            long used = c.feed(b, (int) pos, b.length - (int) pos);
            if (used == ChunkedBody.MALFORMED) {
                return "MALFORMED";
            }
            if (used == 0) {
                return "NEED_MORE";
            }
            pos += used;
            if (c.done()) {
                return pos <= b.length ? "OK" : "NEED_MORE";
            }
        }
        return "NEED_MORE";
    }
}
