package io.proxyaudit.bench;

/** DNS query and response messages (RFC 1035 §4.1) with A (1) / AAAA (28) answers. */
final class DnsWire {
    private DnsWire() {}

    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;

    static byte[] query(int id, String name, int type) {
        WireBuilder w = new WireBuilder();
        w.u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(1); // RD; one question; EDNS OPT below
        name(w, name);
        w.u16(type).u16(1);
        opt(w);
        return w.toArray();
    }

    /** Response with {@code answers} addresses (4 or 16 bytes each) for the question, name compressed (§4.1.4). */
    static byte[] response(int id, String name, int type, byte[][] answers, int ttl) {
        WireBuilder w = new WireBuilder();
        w.u16(id).u16(0x8180).u16(1).u16(answers.length).u16(0).u16(1);
        name(w, name);
        w.u16(type).u16(1);
        for (byte[] a : answers) {
            w.u16(0xc00c).u16(type).u16(1).u32(ttl).u16(a.length).bytes(a);
        }
        opt(w);
        return w.toArray();
    }

    /** The same message with the two-byte length prefix of DNS over TCP (RFC 1035 §4.2.2). */
    static byte[] tcpFramed(byte[] message) {
        return new WireBuilder().u16(message.length).bytes(message).toArray();
    }

    private static void name(WireBuilder w, String name) {
        for (String label : name.split("\\.")) {
            w.u8(label.length()).ascii(label);
        }
        w.u8(0);
    }

    /** EDNS(0) OPT pseudo-record (RFC 6891 §6.1.2), UDP size 1232. */
    private static void opt(WireBuilder w) {
        w.u8(0).u16(41).u16(1232).u32(0).u16(0);
    }
}
