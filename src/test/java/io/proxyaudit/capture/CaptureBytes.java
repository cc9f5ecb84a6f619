package io.proxyaudit.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds capture files byte by byte for tests (pcap draft section 4-5, pcapng draft section 4). */
public final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean le;

    public static CaptureBytes create() {
        return new CaptureBytes();
    }

    public CaptureBytes order(boolean littleEndian) {
        this.le = littleEndian;
        return this;
    }

    public CaptureBytes u8(int v) {
        out.write(v);
        return this;
    }

    public CaptureBytes u16(int v) {
        if (le) {
            out.write(v);
            out.write(v >> 8);
        } else {
            out.write(v >> 8);
            out.write(v);
        }
        return this;
    }

    public CaptureBytes u32(long v) {
        if (le) {
            u16((int) (v & 0xffff));
            u16((int) ((v >> 16) & 0xffff));
        } else {
            u16((int) ((v >> 16) & 0xffff));
            u16((int) (v & 0xffff));
        }
        return this;
    }

    public CaptureBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public CaptureBytes zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public Path write(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, toBytes());
        return p;
    }

    // ---- classic pcap

    public CaptureBytes pcapHeader(boolean littleEndian, boolean nanos, long snaplen, int linkType) {
        order(littleEndian);
        u32(nanos ? 0xA1B23C4DL : 0xA1B2C3D4L).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(linkType);
        return this;
    }

    public CaptureBytes pcapRecord(long sec, long frac, byte[] data, int origLen) {
        return u32(sec).u32(frac).u32(data.length).u32(origLen).bytes(data);
    }

    public CaptureBytes pcapRecordHeader(long sec, long frac, long caplen, long origLen) {
        return u32(sec).u32(frac).u32(caplen).u32(origLen);
    }

    // ---- pcapng: every block is built with its own length fields

    private static byte[] pad4(byte[] b) {
        byte[] p = new byte[(b.length + 3) & ~3];
        System.arraycopy(b, 0, p, 0, b.length);
        return p;
    }

    /** A block of {@code type} with {@code body} (padded), leading and trailing total length. */
    public CaptureBytes block(int type, byte[] body) {
        byte[] b = pad4(body);
        long len = 12 + b.length;
        return u32(type & 0xffffffffL).u32(len).bytes(b).u32(len);
    }

    /** Same, but with a wrong trailing length. */
    public CaptureBytes blockBadTrailer(int type, byte[] body, long trailer) {
        byte[] b = pad4(body);
        return u32(type & 0xffffffffL).u32(12 + b.length).bytes(b).u32(trailer);
    }

    /** A body builder in the current byte order. */
    public CaptureBytes body() {
        return new CaptureBytes().order(le);
    }

    public CaptureBytes shb(boolean littleEndian) {
        order(littleEndian);
        byte[] body = body().u32(0x1A2B3C4DL).u16(1).u16(0).u32(0xffffffffL).u32(0xffffffffL).toBytes();
        return block(0x0A0D0D0A, body);
    }

    /** IDB; {@code tsresol} &lt; 0 for the default (microseconds); {@code tsoffset} 0 for none. */
    public CaptureBytes idb(int linkType, long snaplen, int tsresol, long tsoffset) {
        CaptureBytes b = body().u16(linkType).u16(0).u32(snaplen);
        if (tsresol >= 0) {
            b.u16(9).u16(1).u8(tsresol).zeros(3);
        }
        if (tsoffset != 0) {
            b.u16(14).u16(8);
            if (le) {
                b.u32(tsoffset & 0xffffffffL).u32(tsoffset >>> 32);
            } else {
                b.u32(tsoffset >>> 32).u32(tsoffset & 0xffffffffL);
            }
        }
        b.u16(0).u16(0);
        return block(1, b.toBytes());
    }

    public CaptureBytes epb(int iface, long ts, byte[] data, int origLen) {
        byte[] body = body().u32(iface).u32(ts >>> 32).u32(ts & 0xffffffffL).u32(data.length).u32(origLen)
                .bytes(pad4(data)).toBytes();
        return block(6, body);
    }

    public CaptureBytes spb(byte[] data, int origLen) {
        return block(3, body().u32(origLen).bytes(pad4(data)).toBytes());
    }

    public CaptureBytes obsoletePb(int iface, long ts, byte[] data, int origLen) {
        byte[] body = body().u16(iface).u16(0).u32(ts >>> 32).u32(ts & 0xffffffffL).u32(data.length).u32(origLen)
                .bytes(pad4(data)).toBytes();
        return block(2, body);
    }

    /** NRB with one IPv4 record carrying {@code names}. */
    public CaptureBytes nrbIpv4(byte[] addr, String... names) {
        CaptureBytes rec = new CaptureBytes().order(le).bytes(addr);
        for (String n : names) {
            rec.bytes(n.getBytes(java.nio.charset.StandardCharsets.UTF_8)).u8(0);
        }
        byte[] r = rec.toBytes();
        byte[] body = body().u16(1).u16(r.length).bytes(pad4(r)).u16(0).u16(0).toBytes();
        return block(4, body);
    }

    public static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }
}
