package io.proxyaudit.proto.http;

import io.proxyaudit.proto.StreamFramer;

/** What the request and the response framer share: the connection, the events, and stepping over chunked bodies. */
abstract class HttpMessageFramer implements StreamFramer {
    final HttpConnection connection;
    final HttpEvents events;
    int state = MORE;
    /** The chunked body being stepped over, or null between messages. */
    private ChunkedBody body;

    HttpMessageFramer(HttpConnection connection, HttpEvents events) {
        this.connection = connection;
        this.events = events;
    }

    @Override
    public int state() {
        return state;
    }

    boolean inBody() {
        return body != null;
    }

    void startChunkedBody() {
        body = new ChunkedBody();
    }

    /** Bytes of the chunked body used (may exceed n), 0 when more are needed or the body is broken (then DONE). */
    long chunk(byte[] b, int p, int n) {
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
