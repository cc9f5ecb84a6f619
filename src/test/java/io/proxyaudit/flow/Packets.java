package io.proxyaudit.flow;

import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.policy.IpLiteral;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Hand-built decoded packets and protocol messages for flow tests. */
final class Packets {
    static final int SYN = DecodedPacket.TCP_SYN;
    static final int ACK = DecodedPacket.TCP_ACK;
    static final int FIN = DecodedPacket.TCP_FIN;
    static final int RST = DecodedPacket.TCP_RST;
    static final int PSH = DecodedPacket.TCP_PSH;

    private Packets() {}

    static DecodedPacket tcp(double seconds, String src, int sport, String dst, int dport, int flags, long seq, long ack,
                             byte[] payload) {
        DecodedPacket p = ip(seconds, src, dst, DecodedPacket.PROTO_TCP, sport, dport, payload);
        p.tcpFlags = flags;
        p.seq = seq & 0xFFFFFFFFL;
        p.ack = ack & 0xFFFFFFFFL;
        return p;
    }

    static DecodedPacket udp(double seconds, String src, int sport, String dst, int dport, byte[] payload) {
        return ip(seconds, src, dst, DecodedPacket.PROTO_UDP, sport, dport, payload);
    }

    private static DecodedPacket ip(double seconds, String src, String dst, int proto, int sport, int dport, byte[] payload) {
        DecodedPacket p = new DecodedPacket();
        p.timestampNanos = Math.round(seconds * 1e9);
        byte[] s = IpLiteral.parse(src);
        byte[] d = IpLiteral.parse(dst);
        p.ipVersion = s.length == 4 ? 4 : 6;
        System.arraycopy(s, 0, p.srcAddr, 0, s.length);
        System.arraycopy(d, 0, p.dstAddr, 0, d.length);
        p.ipProtocol = proto;
        p.srcPort = sport;
        p.dstPort = dport;
        byte[] pl = payload == null ? new byte[0] : payload;
        // put the payload behind some header bytes, as in a real capture buffer
        p.payload = new byte[pl.length + 54];
        System.arraycopy(pl, 0, p.payload, 54, pl.length);
        p.payloadOffset = 54;
        p.payloadLength = pl.length;
        p.payloadWireLength = pl.length;
        return p;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] slice(byte[] b, int from, int to) {
        byte[] r = new byte[to - from];
        System.arraycopy(b, from, r, 0, r.length);
        return r;
    }

    /** A TLS 1.2 record holding a ClientHello with server_name and ALPN (RFC 8446 §4.1.2, RFC 6066, RFC 7301). */
    static byte[] clientHello(String sni, String... alpn) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        byte[] name = ascii(sni);
        u16(ext, 0x0000);
        u16(ext, name.length + 5);
        u16(ext, name.length + 3);
        ext.write(0);
        u16(ext, name.length);
        ext.writeBytes(name);
        if (alpn.length > 0) {
            ByteArrayOutputStream list = new ByteArrayOutputStream();
            for (String a : alpn) {
                list.write(a.length());
                list.writeBytes(ascii(a));
            }
            u16(ext, 0x0010);
            u16(ext, list.size() + 2);
            u16(ext, list.size());
            ext.writeBytes(list.toByteArray());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, 0x0303);
        body.writeBytes(new byte[32]);
        body.write(0);                      // session id
        u16(body, 4);
        u16(body, 0x1301);
        u16(body, 0xc02f);
        body.write(1);
        body.write(0);                      // compression: null
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        return record(1, body.toByteArray());
    }

    /** A TLS 1.2 ServerHello record without extensions. */
    static byte[] serverHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, 0x0303);
        body.writeBytes(new byte[32]);
        body.write(0);
        u16(body, 0xc02f);
        body.write(0);
        return record(2, body.toByteArray());
    }

    private static byte[] record(int type, byte[] body) {
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(0x16);
        u16(rec, 0x0301);
        u16(rec, body.length + 4);
        rec.write(type);
        rec.write(0);
        u16(rec, body.length);
        rec.writeBytes(body);
        return rec.toByteArray();
    }

    /** A DNS message (RFC 1035 §4.1): one question, A answers for the name (compressed) and an optional CNAME first. */
    static byte[] dns(int id, boolean response, String qname, int qtype, String cnameTarget, String... addresses) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        u16(m, id);
        u16(m, response ? 0x8180 : 0x0100);
        u16(m, 1);
        int answers = (response ? addresses.length : 0) + (response && cnameTarget != null ? 1 : 0);
        u16(m, answers);
        u16(m, 0);
        u16(m, 0);
        name(m, qname);
        u16(m, qtype);
        u16(m, 1);
        if (response) {
            int ownerPointer = 0xc00c; // the question name at offset 12
            if (cnameTarget != null) {
                u16(m, ownerPointer);
                u16(m, 5);
                u16(m, 1);
                m.writeBytes(new byte[] {0, 0, 0, 60});
                ByteArrayOutputStream t = new ByteArrayOutputStream();
                name(t, cnameTarget);
                u16(m, t.size());
                int targetOffset = m.size();
                m.writeBytes(t.toByteArray());
                ownerPointer = 0xc000 | targetOffset;
            }
            for (String a : addresses) {
                byte[] ip = IpLiteral.parse(a);
                u16(m, ownerPointer);
                u16(m, ip.length == 4 ? 1 : 28);
                u16(m, 1);
                m.writeBytes(new byte[] {0, 0, 0, 60});
                u16(m, ip.length);
                m.writeBytes(ip);
            }
        }
        return m.toByteArray();
    }

    private static void name(ByteArrayOutputStream m, String name) {
        for (String label : name.split("\\.")) {
            m.write(label.length());
            m.writeBytes(ascii(label));
        }
        m.write(0);
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write((v >> 8) & 0xff);
        o.write(v & 0xff);
    }

    /** Collects what a table emits. */
    static final class Sink implements FlowSink {
        final List<FlowRecord> flows = new ArrayList<>();
        final List<DnsLookup> dns = new ArrayList<>();

        @Override
        public void onFlow(FlowRecord flow) {
            flows.add(flow);
        }

        @Override
        public void onDns(DnsLookup lookup) {
            dns.add(lookup);
        }

        FlowRecord only() {
            if (flows.size() != 1) {
                throw new AssertionError("expected one flow, got " + flows.size() + ": " + flows);
            }
            return flows.get(0);
        }
    }
}
