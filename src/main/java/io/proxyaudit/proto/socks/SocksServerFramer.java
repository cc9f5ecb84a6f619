package io.proxyaudit.proto.socks;


/**
 * The proxy's side of SOCKS: the SOCKS5 method choice (RFC 1928 §3), the RFC 1929 status, and the reply
 * (RFC 1928 §6; SOCKS4: VN=0, CD 90 granted, 91-93 refused); after a granted reply the stream is a tunnel.
 */
public final class SocksServerFramer extends SocksFramer {
    private static final int SOCKS4_GRANTED = 90;

    private boolean methodChosen;
    private boolean authAnswered;

    public SocksServerFramer(SocksConnection connection, SocksEvents events) {
        super(connection, events);
    }

    @Override
    int step(byte[] buf, int off, int len) {
        return connection.version == 4 ? reply4(buf, off, len) : step5(buf, off, len);
    }

    private int reply4(byte[] buf, int off, int len) {
        if (len < 8) {
            return 0;
        }
        int cd = buf[off + 1] & 0xff;
        events.onReply(SocksStatus.socks4(cd), cd == SOCKS4_GRANTED);
        state = cd == SOCKS4_GRANTED ? HANDOFF : DONE;
        return 8;
    }

    private int step5(byte[] buf, int off, int len) {
        if (len < 2) {
            return 0;
        }
        if (!methodChosen) {
            connection.chosenMethod = buf[off + 1] & 0xff;
            methodChosen = true;
            if (connection.chosenMethod == 0xff) {
                events.onReply("no-acceptable-method", false);
                state = DONE;
            }
            return 2;
        }
        if (connection.chosenMethod == 2 && !authAnswered && buf[off] == 1) {
            authAnswered = true;
            if (buf[off + 1] != 0) {
                events.onReply("authentication-failed", false); // RFC 1929 §2: a non-zero status is a failure
                state = DONE;
            }
            return 2;
        }
        if (len < 5) {
            return 0;
        }
        int atyp = buf[off + 3] & 0xff;
        int addrLen = atyp == 1 ? 4 : atyp == 4 ? 16 : atyp == 3 ? 1 + (buf[off + 4] & 0xff) : -1;
        if (buf[off] != 5 || addrLen < 0) {
            events.onMalformed();
            state = DONE;
            return 0;
        }
        if (len < 4 + addrLen + 2) {
            return 0;
        }
        int rep = buf[off + 1] & 0xff;
        events.onReply(SocksStatus.socks5(rep), rep == 0);
        state = rep == 0 ? HANDOFF : DONE;
        return 4 + addrLen + 2;
    }
}
