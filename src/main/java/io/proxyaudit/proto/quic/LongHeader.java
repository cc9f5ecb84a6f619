package io.proxyaudit.proto.quic;

/**
 * One long-header packet inside a UDP datagram (RFC 9000 §17.2), read in place: a datagram may hold several
 * (coalesced, §12.2), so {@link #next} steps from packet to packet. Reused; holds offsets, never copies.
 */
final class LongHeader {
    static final int MAX_CID = 20; // RFC 9000 §17.2: connection IDs of version 1 are at most 20 bytes

    enum Kind { INITIAL, ZERO_RTT_OR_HANDSHAKE, RETRY, VERSION_NEGOTIATION, SHORT, NOT_QUIC }

    Kind kind;
    QuicVersion version;
    int start;
    int dcidOff;
    int dcidLen;
    /** Offset of the (protected) packet number; for Initial, 0-RTT and Handshake packets. */
    int pnOff;
    /** End of this packet (the Length field's extent), or of the datagram for Retry and Version Negotiation. */
    int end;

    /** Reads the packet at {@code off}; {@code limit} is the datagram's end. Returns false when nothing is left. */
    boolean next(byte[] buf, int off, int limit) {
        start = off;
        if (off >= limit) {
            return false;
        }
        int first = buf[off] & 0xff;
        if ((first & 0x80) == 0) {
            kind = Kind.SHORT;
            end = limit;
            return true;
        }
        kind = Kind.NOT_QUIC;
        end = limit;
        if (limit - off < 7) {
            return true;
        }
        int wire = ((buf[off + 1] & 0xff) << 24) | ((buf[off + 2] & 0xff) << 16) | ((buf[off + 3] & 0xff) << 8)
                | (buf[off + 4] & 0xff);
        int p = off + 5;
        dcidLen = buf[p++] & 0xff;
        dcidOff = p;
        if (wire == 0) {
            kind = Kind.VERSION_NEGOTIATION; // §17.2.1: sent by a server; its CID lengths are not bounded by v1
            return true;
        }
        version = QuicVersion.of(wire);
        if (version == null || dcidLen > MAX_CID || p + dcidLen >= limit) {
            return true;
        }
        p += dcidLen;
        int scidLen = buf[p++] & 0xff;
        if (scidLen > MAX_CID || p + scidLen > limit) {
            return true;
        }
        p += scidLen;
        int type = (first >> 4) & 3;
        if (type == version.retryType()) {
            kind = Kind.RETRY;
            return true;
        }
        Varint v = new Varint();
        if (type == version.initialType()) {
            if (!v.read(buf, p, limit) || v.value > limit - p) {
                return true;
            }
            p = v.next + (int) v.value; // token
        }
        if (!v.read(buf, p, limit) || v.value > limit - v.next) {
            return true;
        }
        pnOff = v.next;
        end = v.next + (int) v.value;
        kind = type == version.initialType() ? Kind.INITIAL : Kind.ZERO_RTT_OR_HANDSHAKE;
        return true;
    }
}
