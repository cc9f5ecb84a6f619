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
    /** After a gap, a broken request or a cut message: looking for the next message's first line. */
    boolean resyncing;
    /** Resynchronising after a snap-length hole, and no byte after it consumed yet: the bytes start a segment. */
    private boolean afterHole;

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

    /** Reports what can be read of a message head that the capture cut after {@code b[p, p+n)}. */
    abstract void cutMessage(byte[] b, int p, int n);

    /** Offset (from p) of the first line that starts a message, -1 when none in the bytes. */
    abstract int findStart(byte[] b, int p, int n);

    /** True when a message may start at p (its first line may be cut or not complete yet). */
    abstract boolean mayStart(byte[] b, int p, int n);

    /**
     * The head cut by the snap length is reported as far as it was captured. Where that message ends lies in the
     * hole, so the next one is looked for as after a gap ({@link #findStart}); so is the next one after a chunked
     * body whose chunk sizes were cut. A message whose end was known (Content-Length) needs no search: the
     * reassembler tells of a hole only when the current message does not end before it.
     */
    @Override
    public long truncated(byte[] b, int off, int len, long missing) {
        if (state != MORE) {
            return -1;
        }
        if (resyncing && afterHole && len > 0 && mayStart(b, off, len)) {
            resyncing = false; // the segment after the last hole starts with a message, cut by this hole
        }
        if (!resyncing) {
            int p = off;
            int end = off + len;
            if (!inBody()) {
                while (p < end && (b[p] == '\r' || b[p] == '\n')) {
                    p++;
                }
                if (p < end) {
                    cutMessage(b, p, end - p);
                }
            }
            body = null;
        }
        if (state == MORE) {
            resyncing = true;
            afterHole = true;
        }
        return len + missing;
    }

    @Override
    public long feed(byte[] b, int off, int len) {
        long pos = 0;
        while (pos < len && state == MORE) {
            int p = off + (int) pos;
            int n = len - (int) pos;
            if (resyncing) {
                if (afterHole && mayStart(b, p, n)) {
                    if (findStart(b, p, n) != 0) {
                        return pos; // a message starts after the hole; the next hole may cut its first line
                    }
                    afterHole = false;
                    resyncing = false;
                    continue;
                }
                afterHole = false;
                int at = findStart(b, p, n);
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
