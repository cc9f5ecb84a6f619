package io.proxyaudit.proto.http;

import io.proxyaudit.proto.ParseResult;

/**
 * Frames the responses of a server-to-client HTTP/1.x stream (RFC 9112 §6.3): no body for a HEAD request,
 * 1xx, 204 and 304; a 2xx to a CONNECT opens the tunnel ({@link #HANDOFF}); 101 switches to another
 * protocol and a body without length runs to the close (both {@link #DONE}).
 */
public final class HttpResponseFramer extends HttpMessageFramer {
    /** Length of "HTTP/1.1 200". */
    private static final int STATUS_LINE_MIN = 12;

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
        return answer(r.value(), r.consumed(), false);
    }

    /**
     * Anywhere, not only at a line start: a body need not end with a line end (a JSON .info file does not), and
     * "HTTP/d.d ddd" is specific enough.
     */
    @Override
    int findStart(byte[] b, int p, int n) {
        for (int i = 0; i + STATUS_LINE_MIN <= n; i++) {
            if (isStatusLine(b, p + i)) {
                return i;
            }
        }
        return -1;
    }

    /** "HTTP/d.d ddd" (RFC 9112 §4). */
    private static boolean isStatusLine(byte[] b, int p) {
        return b[p] == 'H' && b[p + 1] == 'T' && b[p + 2] == 'T' && b[p + 3] == 'P' && b[p + 4] == '/'
                && digit(b[p + 5]) && b[p + 6] == '.' && digit(b[p + 7]) && b[p + 8] == ' ' && digit(b[p + 9])
                && digit(b[p + 10]) && digit(b[p + 11]);
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    @Override
    boolean mayStart(byte[] b, int p, int n) {
        return HttpRequestLine.startsWith(b, p, n, "HTTP/");
    }

    @Override
    void cutMessage(byte[] b, int p, int n) {
        ParseResult<HttpResponseHead> r = HttpHeadParser.parseCutResponse(b, p, n);
        if (r.status() == ParseResult.Status.OK) {
            answer(r.value(), r.consumed(), true);
        } else if (r.status() == ParseResult.Status.NEED_MORE) {
            // the status line itself was cut: a response with no status known still answers its request
            connection.answer();
            events.onResponse(new HttpResponseHead(null, 0, "", -1, false, 0));
        } else {
            events.onMalformed();
            state = DONE;
        }
    }

    /**
     * Frames a final or interim response head of {@code head} bytes; returns the bytes it and its body use. A
     * {@code cut} head's length and body framing are not known (Content-Length may lie beyond the cut): only the
     * status counts.
     */
    private long answer(HttpResponseHead h, int head, boolean cut) {
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
        if (cut) {
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
