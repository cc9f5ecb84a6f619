package io.proxyaudit.proto.quic;

/**
 * The frames of a decrypted Initial packet (RFC 9000 §12.4 Table 3: only PADDING, PING, ACK, CRYPTO and
 * CONNECTION_CLOSE may appear there): CRYPTO data goes to the stream, the rest is stepped over. Anything
 * else, or a frame that runs past the payload, ends the walk.
 */
final class InitialFrames {
    private static final int PADDING = 0x00;
    private static final int PING = 0x01;
    private static final int ACK = 0x02;
    private static final int ACK_ECN = 0x03;
    private static final int CRYPTO = 0x06;
    private static final int CLOSE = 0x1c;
    private static final int CLOSE_APP = 0x1d;

    private InitialFrames() {}

    static void crypto(byte[] p, CryptoStream stream) {
        Varint v = new Varint();
        int i = 0;
        while (i < p.length) {
            int type = p[i] & 0xff;
            if (type == PADDING || type == PING) {
                i++;
            } else if (type == CRYPTO) {
                if (!v.read(p, i + 1, p.length)) {
                    return;
                }
                long offset = v.value;
                if (!v.read(p, v.next, p.length) || v.value > p.length - v.next) {
                    return;
                }
                stream.add(offset, p, v.next, (int) v.value);
                i = v.next + (int) v.value;
            } else if (type == ACK || type == ACK_ECN) {
                i = skipAck(p, i + 1, type == ACK_ECN, v);
            } else if (type == CLOSE || type == CLOSE_APP) {
                i = skipClose(p, i + 1, type == CLOSE, v);
            } else {
                return;
            }
            if (i < 0) {
                return;
            }
        }
    }

    /** ACK (§19.3): largest, delay, range count, first range, then count gap/length pairs, then 3 ECN counts. */
    private static int skipAck(byte[] p, int i, boolean ecn, Varint v) {
        for (int k = 0; k < 2; k++) {
            if (!v.read(p, i, p.length)) {
                return -1;
            }
            i = v.next;
        }
        if (!v.read(p, i, p.length)) {
            return -1;
        }
        long fields = 1 + 2 * v.value + (ecn ? 3 : 0);
        i = v.next;
        for (long k = 0; k < fields; k++) {
            if (!v.read(p, i, p.length)) {
                return -1;
            }
            i = v.next;
        }
        return i;
    }

    /** CONNECTION_CLOSE (§19.19): error code, the frame type (0x1c only), reason length and reason. */
    private static int skipClose(byte[] p, int i, boolean transport, Varint v) {
        for (int k = 0; k < (transport ? 2 : 1); k++) {
            if (!v.read(p, i, p.length)) {
                return -1;
            }
            i = v.next;
        }
        if (!v.read(p, i, p.length) || v.value > p.length - v.next) {
            return -1;
        }
        return v.next + (int) v.value;
    }
}
