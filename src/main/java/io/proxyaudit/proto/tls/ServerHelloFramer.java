package io.proxyaudit.proto.tls;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.StreamFramer;

/** Frames the start of a TLS server-to-client stream: the ServerHello; nothing after it is looked at. */
public final class ServerHelloFramer implements StreamFramer {
    private final TlsEvents events;
    private int state = MORE;

    public ServerHelloFramer(TlsEvents events) {
        this.events = events;
    }

    @Override
    public int state() {
        return state;
    }

    @Override
    public long feed(byte[] b, int off, int len) {
        ParseResult<ServerHello> r = TlsParser.parseServerHello(b, off, len);
        if (r.status() == ParseResult.Status.NEED_MORE) {
            return 0;
        }
        state = DONE;
        if (r.status() == ParseResult.Status.OK) {
            events.onServerHello(r.value());
        } else {
            events.onMalformed();
        }
        return 0;
    }
}
