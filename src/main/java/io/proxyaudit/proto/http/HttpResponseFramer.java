package io.proxyaudit.proto.http;

import io.proxyaudit.proto.ParseResult;

/**
 * Frames the responses of a server-to-client HTTP/1.x stream (RFC 9112 §6.3): no body for a HEAD request,
 * 1xx, 204 and 304; a 2xx to a CONNECT opens the tunnel ({@link #HANDOFF}); 101 switches to another
 * protocol and a body without length runs to the close (both {@link #DONE}).
 */
public final class HttpResponseFramer extends HttpMessageFramer {
    public HttpResponseFramer(HttpConnection connection, HttpEvents events) {
        super(connection, events);
    }

    @Override
    long message(byte[] b, int p, int n) {
        ParseResult<HttpResponseHead> r = HttpHeadParser.parseResponse(b, p, n);
        if (r.status() == ParseResult.Status.NEED_MORE) {
            return 0;
        }
        if (r.status() != ParseResult.Status.OK || r.consumed() <= 0) {
            events.onMalformed();
            state = DONE;
            return 0;
        }
        HttpResponseHead h = r.value();
        int head = r.consumed();
        int status = h.status();
        if (status >= 100 && status < 200 && status != 101) {
            return head; // interim response; the final one follows (RFC 9110 §15.2)
        }
        int kind = connection.answer();
        events.onResponse(h);
        if (kind == HttpConnection.CONNECT) {
            events.onConnectAnswered(connection.connectAnswered(status));
            if (status / 100 == 2) {
                state = HANDOFF;
                return head;
            }
        }
        if (status == 101) {
            state = DONE; // protocol switched (RFC 9110 §15.2.2)
            return head;
        }
        if (kind == HttpConnection.HEAD || status == 204 || status == 304) {
            return head;
        }
        if (h.chunked()) {
            startChunkedBody();
            return head;
        }
        if (h.contentLength() >= 0) {
            return head + h.contentLength();
        }
        state = DONE; // the body runs to the end of the connection (RFC 9112 §6.3 rule 8)
        return head;
    }
}
