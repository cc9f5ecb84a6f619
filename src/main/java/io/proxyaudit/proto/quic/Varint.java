package io.proxyaudit.proto.quic;

/** A variable-length integer (RFC 9000 §16): the two high bits of the first byte give its length, 1 to 8 bytes. */
final class Varint {
    long value;
    /** Offset just after the integer. */
    int next;

    /** Reads the integer at {@code off}; false when it runs past {@code limit}. */
    boolean read(byte[] buf, int off, int limit) {
        if (off >= limit) {
            return false;
        }
        int len = 1 << ((buf[off] & 0xff) >> 6);
        if (limit - off < len) {
            return false;
        }
        long v = buf[off] & 0x3f;
        for (int i = 1; i < len; i++) {
            v = (v << 8) | (buf[off + i] & 0xff);
        }
        value = v;
        next = off + len;
        return true;
    }
}
