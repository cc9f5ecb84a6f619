package io.proxyaudit.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte builder with length-prefix back-patching, for message heads (not the hot path). */
final class WireBuilder {
    private byte[] b = new byte[512];
    private int n;

    int size() {
        return n;
    }

    WireBuilder u8(int v) {
        grow(1);
        b[n++] = (byte) v;
        return this;
    }

    WireBuilder u16(int v) {
        grow(2);
        b[n++] = (byte) (v >>> 8);
        b[n++] = (byte) v;
        return this;
    }

    WireBuilder u24(int v) {
        grow(3);
        b[n++] = (byte) (v >>> 16);
        b[n++] = (byte) (v >>> 8);
        b[n++] = (byte) v;
        return this;
    }

    WireBuilder u32(int v) {
        u16(v >>> 16);
        return u16(v);
    }

    WireBuilder bytes(byte[] v) {
        return bytes(v, 0, v.length);
    }

    WireBuilder bytes(byte[] v, int off, int len) {
        grow(len);
        System.arraycopy(v, off, b, n, len);
        n += len;
        return this;
    }

    WireBuilder ascii(String s) {
        return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reserves a length field of {@code width} bytes; returns its position for {@link #endLength}. */
    int beginLength(int width) {
        int at = n;
        grow(width);
        n += width;
        return at;
    }

    /** Fills the length field reserved at {@code at} with the number of bytes written since. */
    void endLength(int at, int width) {
        int len = n - at - width;
        for (int i = width - 1; i >= 0; i--) {
            b[at + i] = (byte) (len >>> (8 * (width - 1 - i)));
        }
    }

    byte[] toArray() {
        return Arrays.copyOf(b, n);
    }

    private void grow(int more) {
        if (n + more > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
        }
    }
}
