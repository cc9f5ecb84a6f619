package io.proxyaudit.proto.http;

import io.proxyaudit.proto.ParseResult;

/**
 * Frames the requests of a client-to-server HTTP/1.x stream: keep-alive and pipelined requests, bodies by
 * Content-Length or chunked coding (RFC 9112 §6.3), empty lines between requests (§2.2). After a capture
 * gap, or a request that does not parse once one did, it looks for the next request line. A CONNECT ends
 * the framing with {@link #HANDOFF}: the client's next bytes are the tunnel's, or another request after a
 * refusal (RFC 9110 §9.3.6).
 */
public final class HttpRequestFramer extends HttpMessageFramer {
    public HttpRequestFramer(HttpConnection connection, HttpEvents events) {
        super(connection, events);
    }

    @Override
    public boolean resynchronise() {
        if (inBody()) {
            return false;
        }
        resyncing = true;
        return true;
    }

    @Override
    int findStart(byte[] b, int p, int n) {
        return HttpRequestLine.find(b, p, n);
    }

    @Override
    boolean mayStart(byte[] b, int p, int n) {
        return HttpRequestLine.startsWithKnownMethod(b, p, n) || HttpRequestLine.methodLength(b, p, n) < 0;
    }

    @Override
    void cutMessage(byte[] b, int p, int n) {
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseCutRequest(b, p, n);
        if (r.status() != ParseResult.Status.OK) {
            return; // the request line itself was cut
        }
        HttpRequestHead h = r.value();
        connection.request(h.method());
        events.onRequest(h);
        if ("CONNECT".equals(h.method())) {
            state = HANDOFF; // the client waits for the proxy's answer: the tunnel starts after the hole
        }
    }

    @Override
    long message(byte[] b, int p, int n) {
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(b, p, n);
        if (r.status() == ParseResult.Status.NEED_MORE) {
            return 0;
        }
        if (r.status() != ParseResult.Status.OK || r.consumed() <= 0) {
            events.onMalformed();
            if (connection.requests() == 0) {
                state = DONE;
                return 0;
            }
            resyncing = true;
            return Math.min(n, 1);
        }
        HttpRequestHead h = r.value();
        connection.request(h.method());
        events.onRequest(h);
        if ("CONNECT".equals(h.method())) {
            state = HANDOFF;
            return r.consumed();
        }
        if (h.chunked()) {
            startChunkedBody();
            return r.consumed();
        }
        return r.consumed() + Math.max(0, h.contentLength());
    }
}
