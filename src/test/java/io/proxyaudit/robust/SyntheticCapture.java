package io.proxyaudit.robust;

import java.io.InputStream;

/**
 * A classic pcap (LINKTYPE_RAW, IPv4) generated while it is read, so a capture of millions of packets
 * needs neither disk nor memory. {@link #packet} fills the IP packet of record {@code i} into a buffer.
 */
abstract class SyntheticCapture extends InputStream {
    private final long packets;
    private final byte[] rec = new byte[16 + 65_535];
    private int recLen;
    private int recPos;
    private long next;
    private boolean header = true;

    SyntheticCapture(long packets) {
        this.packets = packets;
    }

    /** Writes the IP packet of record {@code i} at {@code buf[off]}; returns its length. */
    abstract int packet(long i, byte[] buf, int off);

    /** Capture time of record {@code i} in microseconds since the epoch. */
    long micros(long i) {
        return 1_700_000_000_000_000L + i;
    }

    private boolean fill() {
        if (header) {
            header = false;
            le32(rec, 0, 0xA1B2C3D4);
            le16(rec, 4, 2);
            le16(rec, 6, 4);
            le32(rec, 8, 0);
            le32(rec, 12, 0);
            le32(rec, 16, 65535);
            le32(rec, 20, 101);
            recLen = 24;
            recPos = 0;
            return true;
        }
        if (next >= packets) {
            return false;
        }
        int n = packet(next, rec, 16);
        long us = micros(next);
        le32(rec, 0, (int) (us / 1_000_000));
        le32(rec, 4, (int) (us % 1_000_000));
        le32(rec, 8, n);
        le32(rec, 12, n);
        recLen = 16 + n;
        recPos = 0;
        next++;
        return true;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int done = 0;
        while (done < len) {
            if (recPos == recLen && !fill()) {
                break;
            }
            int n = Math.min(len - done, recLen - recPos);
            System.arraycopy(rec, recPos, b, off + done, n);
            recPos += n;
            done += n;
        }
        return done == 0 && len > 0 ? -1 : done;
    }

    static void le32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    static void be16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    static void be32(byte[] b, int at, long v) {
        be16(b, at, (int) (v >>> 16) & 0xffff);
        be16(b, at + 2, (int) v & 0xffff);
    }

    /** IPv4 + TCP header (20 + 20 bytes) followed by {@code payloadLen} bytes already at off + 40; returns the length. */
    static int tcp4(byte[] b, int off, int src, int dst, int sport, int dport, long seq, long ack, int flags,
            int payloadLen) {
        int total = 40 + payloadLen;
        b[off] = 0x45;
        b[off + 1] = 0;
        be16(b, off + 2, total);
        be16(b, off + 4, 0);
        be16(b, off + 6, 0x4000);
        b[off + 8] = 64;
        b[off + 9] = 6;
        be16(b, off + 10, 0);
        be32(b, off + 12, src & 0xffffffffL);
        be32(b, off + 16, dst & 0xffffffffL);
        int t = off + 20;
        be16(b, t, sport);
        be16(b, t + 2, dport);
        be32(b, t + 4, seq & 0xffffffffL);
        be32(b, t + 8, ack & 0xffffffffL);
        b[t + 12] = 0x50;
        b[t + 13] = (byte) flags;
        be16(b, t + 14, 65535);
        be16(b, t + 16, 0);
        be16(b, t + 18, 0);
        return total;
    }
}
