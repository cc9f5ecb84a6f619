package io.proxyaudit.proto.http;

import io.proxyaudit.proto.StreamFramer;

/**
 * What the request and the response framer share: the connection, the events, the loop over messages with
 * empty lines between them ignored (RFC 9112 §2.2), stepping over chunked bodies, and looking for the next
 * request line after a gap.
 */
abstract class HttpMessageFramer implements StreamFramer {
    final HttpConnection connection;
    final HttpEvents events;
    int state = MORE;
    /** The chunked body being stepped over, or null between messages. */
    private ChunkedBody body;
    /** After a gap or a broken request: looking for the next request line. */
    boolean resyncing;

    HttpMessageFramer(HttpConnection connection, HttpEvents events) {
        this.connection = connection;
        this.events = events;
    }

    @Override
    public int state() {
        return state;
    }

    /** Bytes used by the message head starting at p (may exceed n to skip its body), 0 when more are needed or framing ended. */
    abstract long message(byte[] b, int p, int n);

    @Override
    public long feed(byte[] b, int off, int len) {
        long pos = 0;
        while (pos < len && state == MORE) {
            int p = off + (int) pos;
            int n = len - (int) pos;
            if (resyncing) {
                int at = HttpRequestLine.find(b, p, n);
                if (at < 0) {
                    // keep a short tail in case a request line starts across the boundary
                    return pos + Math.max(0, n - HttpRequestLine.MAX_METHOD);
                }
                pos += at;
                resyncing = false;
                continue;
            }
            if (body == null && (b[p] == '\r' || b[p] == '\n')) {
                pos++; // empty lines before a request or status line are ignored (RFC 9112 §2.2)
                continue;
            }
            long used = body != null ? chunk(b, p, n) : message(b, p, n);
            if (used <= 0) {
                return pos;
            }
            pos += used;
        }
        return pos;
    }

    boolean inBody() {
        return body != null;
    }

    void startChunkedBody() {
        body = new ChunkedBody();
    }

    /** Bytes of the chunked body used (may exceed n), 0 when more are needed or the body is broken (then DONE). */
    private long chunk(byte[] b, int p, int n) {
        long used = body.feed(b, p, n);
        if (used == ChunkedBody.MALFORMED) {
            events.onMalformed();
            state = DONE;
            return 0;
        }
        if (body.done()) {
            body = null;
        }
        return used;
    }
}
