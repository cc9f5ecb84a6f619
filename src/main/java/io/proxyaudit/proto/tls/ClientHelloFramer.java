package io.proxyaudit.proto.tls;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.StreamFramer;

/**
 * Frames the start of a TLS client-to-server stream: the ClientHello and, after a HelloRetryRequest, the
 * second one (RFC 8446 §4.1.4: a client answers one HelloRetryRequest at most, so two hellos end it).
 * ChangeCipherSpec records sent between them for middlebox compatibility (RFC 8446 Appendix D.4) are
 * stepped over; anything else after the first hello ends the framing.
 */
public final class ClientHelloFramer implements StreamFramer {
    private static final int CONTENT_CHANGE_CIPHER_SPEC = 0x14;
    private static final int CONTENT_HANDSHAKE = 0x16;
    private static final int RECORD_HEADER = 5;

    private final TlsEvents events;
    private int state = MORE;
    private int hellos;
    private boolean afterHello;

    public ClientHelloFramer(TlsEvents events) {
        this.events = events;
    }

    @Override
    public int state() {
        return state;
    }

    /** A hello cut by the snap length: what lies before the cut is reported; nothing after it is looked for. */
    @Override
    public long truncated(byte[] b, int off, int len, long missing) {
        if (state == MORE && !afterHello) {
            ParseResult<ClientHello> r = TlsParser.parseCutClientHello(b, off, len);
            if (r.status() == ParseResult.Status.OK) {
                events.onClientHello(r.value());
            } else if (r.status() == ParseResult.Status.MALFORMED) {
                events.onMalformed();
            }
        }
        state = DONE;
        return -1;
    }

    @Override
    public long feed(byte[] b, int off, int len) {
        long pos = 0;
        while (pos < len && state == MORE) {
            int p = off + (int) pos;
            int n = len - (int) pos;
            if (afterHello) {
                if (n < RECORD_HEADER + 1) {
                    return pos;
                }
                int type = b[p] & 0xff;
                if (type == CONTENT_CHANGE_CIPHER_SPEC) {
                    pos += RECORD_HEADER + (((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff));
                    continue;
                }
                if (type == CONTENT_HANDSHAKE && b[p + RECORD_HEADER] == TlsParser.HANDSHAKE_CLIENT_HELLO) {
                    afterHello = false;
                    continue;
                }
                state = DONE;
                return pos;
            }
            ParseResult<ClientHello> r = TlsParser.parseClientHello(b, p, n);
            if (r.status() == ParseResult.Status.NEED_MORE) {
                return pos;
            }
            state = DONE;
            if (r.status() != ParseResult.Status.OK) {
                events.onMalformed();
                return pos;
            }
            events.onClientHello(r.value());
            if (++hellos == 1 && r.consumed() > 0) {
                state = MORE;
                afterHello = true;
                pos += r.consumed();
            } else if (hellos > 1) {
                events.onHelloRetry();
            }
        }
        return pos;
    }
}
