package io.proxyaudit.proto.quic;

import java.util.Arrays;

/**
 * The client's Initial CRYPTO stream (RFC 9000 §19.6), reassembled from frames that arrive in any order and
 * overlap, up to the end of the first handshake message: the ClientHello. Bounded: a message longer than
 * {@link #MAX_BYTES} is given up (TLS 1.3 ClientHellos with post-quantum key shares are 1.5-2 KB).
 */
final class CryptoStream {
    static final int MAX_BYTES = 64 * 1024;
    /** More disjoint pieces than this is not a client splitting a hello but an attack on the merge: given up. */
    static final int MAX_RANGES = 256;

    private byte[] data = new byte[2048];
    /** Received ranges as sorted, disjoint [start, end) pairs. */
    private long[] ranges = new long[8];
    private int rangeCount;
    private boolean oversized;

    /** Adds {@code len} bytes at stream offset {@code offset}; bytes beyond {@link #MAX_BYTES} are refused. */
    void add(long offset, byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (offset + len > MAX_BYTES || rangeCount >= MAX_RANGES) {
            oversized = true;
            return;
        }
        int at = (int) offset;
        if (at + len > data.length) {
            data = Arrays.copyOf(data, Math.min(MAX_BYTES, Math.max(data.length * 2, at + len)));
        }
        System.arraycopy(buf, off, data, at, len);
        insert(at, at + len);
    }

    /** True when a range had to be refused for size. */
    boolean oversized() {
        return oversized || (contiguous() >= 4 && messageLength() > MAX_BYTES);
    }

    /** The first handshake message (type, length, body) once all of it arrived, else null. */
    byte[] firstMessage() {
        int have = contiguous();
        if (have < 4) {
            return null;
        }
        int need = messageLength();
        return need <= have ? Arrays.copyOf(data, need) : null;
    }

    private int messageLength() {
        return 4 + (((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff));
    }

    private int contiguous() {
        return rangeCount > 0 && ranges[0] == 0 ? (int) ranges[1] : 0;
    }

    private void insert(long s, long e) {
        long[] merged = new long[(rangeCount + 1) * 2];
        int n = 0;
        boolean placed = false;
        for (int i = 0; i < rangeCount; i++) {
            long rs = ranges[2 * i];
            long re = ranges[2 * i + 1];
            if (re < s) {
                merged[n++] = rs;
                merged[n++] = re;
            } else if (rs > e) {
                if (!placed) {
                    merged[n++] = s;
                    merged[n++] = e;
                    placed = true;
                }
                merged[n++] = rs;
                merged[n++] = re;
            } else {
                s = Math.min(s, rs);
                e = Math.max(e, re);
            }
        }
        if (!placed) {
            merged[n++] = s;
            merged[n++] = e;
        }
        ranges = merged;
        rangeCount = n / 2;
    }
}
