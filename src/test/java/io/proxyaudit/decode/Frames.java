package io.proxyaudit.decode;

import java.io.ByteArrayOutputStream;

/** Builds link/IP/TCP/UDP headers for decoder tests (network byte order unless said otherwise). */
final class Frames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Frames create() {
        return new Frames();
    }

    Frames u8(int v) {
        out.write(v);
        return this;
    }

    Frames u16(int v) {
        out.write(v >> 8);
        out.write(v);
        return this;
    }

    Frames u32(long v) {
        u16((int) (v >>> 16) & 0xffff);
        return u16((int) v & 0xffff);
    }

    Frames bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    static byte[] ip4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static byte[] ip6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }

    static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int optionBytes, byte[] payload) {
        Frames f = create().u16(sport).u16(dport).u32(seq).u32(ack).u8(((20 + optionBytes) / 4) << 4).u8(flags)
                .u16(65535).u16(0).u16(0);
        for (int i = 0; i < optionBytes; i++) {
            f.u8(1); // NOP
        }
        return f.bytes(payload).toBytes();
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        return create().u16(sport).u16(dport).u16(8 + payload.length).u16(0).bytes(payload).toBytes();
    }

    /** IPv4 header with {@code optionBytes} of options (multiple of 4), id, flags+fragment offset in bytes. */
    static byte[] ipv4(int proto, byte[] src, byte[] dst, int optionBytes, int id, boolean more, int fragOffset,
            byte[] payload) {
        int ihl = 20 + optionBytes;
        Frames f = create().u8(0x40 | ihl / 4).u8(0).u16(ihl + payload.length).u16(id)
                .u16((more ? 0x2000 : 0) | fragOffset / 8).u8(64).u8(proto).u16(0).bytes(src).bytes(dst);
        for (int i = 0; i < optionBytes; i++) {
            f.u8(1);
        }
        return f.bytes(payload).toBytes();
    }

    static byte[] ipv4(int proto, byte[] payload) {
        return ipv4(proto, ip4(10, 0, 0, 1), ip4(192, 0, 2, 7), 0, 1, false, 0, payload);
    }

    /** IPv6 header; {@code extHeaders} already chained (first next-header is {@code next}). */
    static byte[] ipv6(int next, byte[] src, byte[] dst, byte[] rest) {
        return create().u32(0x60000000L).u16(rest.length).u8(next).u8(64).bytes(src).bytes(dst).bytes(rest).toBytes();
    }

    static byte[] ethernet(int type, byte[] payload) {
        return create().bytes(new byte[12]).u16(type).bytes(payload).toBytes();
    }

    /** A minimal IPv4 header with no transport (ICMP-less filler for time-based tests). */
    static byte[] tcpLess() {
        return ipv4(253, new byte[0]);
    }
}
