package io.proxyaudit.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a small classic pcap file (Ethernet link type, microsecond time stamps) packet by packet, for the odd
 * captures the tests need: time stamps of 0, backwards or decades away, a DNS response without its query, ARP
 * only. Time stamps are written as given (unsigned 32-bit seconds), whatever their order.
 */
public final class PcapWriter {
    public static final int SYN = 0x02, ACK = 0x10, FIN = 0x01, PSH = 0x08;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public PcapWriter() {
        byte[] h = new byte[24];
        le32(h, 0, 0xA1B2C3D4);
        le16(h, 4, 2);
        le16(h, 6, 4);
        le32(h, 16, 65535);
        le32(h, 20, 1); // LINKTYPE_ETHERNET
        out.writeBytes(h);
    }

    /** A UDP datagram over IPv4 at {@code seconds} (epoch, may be 0) plus {@code micros}. */
    public PcapWriter udp(long seconds, int micros, String src, int sport, String dst, int dport, byte[] payload) {
        byte[] l4 = new byte[8 + payload.length];
        be16(l4, 0, sport);
        be16(l4, 2, dport);
        be16(l4, 4, l4.length);
        System.arraycopy(payload, 0, l4, 8, payload.length);
        return ipv4(seconds, micros, src, dst, 17, l4);
    }

    /** A TCP segment over IPv4 (no options) with the given flags. */
    public PcapWriter tcp(long seconds, int micros, String src, int sport, String dst, int dport, int flags, long seq,
                          long ack, byte[] payload) {
        byte[] l4 = new byte[20 + payload.length];
        be16(l4, 0, sport);
        be16(l4, 2, dport);
        be32(l4, 4, (int) seq);
        be32(l4, 8, (int) ack);
        l4[12] = 5 << 4;
        l4[13] = (byte) flags;
        be16(l4, 14, 65535);
        System.arraycopy(payload, 0, l4, 20, payload.length);
        return ipv4(seconds, micros, src, dst, 6, l4);
    }

    /** A TCP connection: handshake at {@code seconds}, one request and answer, FIN from both sides. */
    public PcapWriter tcpConnection(long seconds, String client, int cport, String server, int sport, byte[] request,
                                    byte[] response) {
        tcp(seconds, 0, client, cport, server, sport, SYN, 1000, 0, new byte[0]);
        tcp(seconds, 1000, server, sport, client, cport, SYN | ACK, 5000, 1001, new byte[0]);
        tcp(seconds, 2000, client, cport, server, sport, ACK, 1001, 5001, new byte[0]);
        tcp(seconds, 3000, client, cport, server, sport, ACK | PSH, 1001, 5001, request);
        tcp(seconds, 9000, server, sport, client, cport, ACK | PSH, 5001, 1001 + request.length, response);
        tcp(seconds, 10000, client, cport, server, sport, FIN | ACK, 1001 + request.length, 5001 + response.length,
                new byte[0]);
        tcp(seconds, 11000, server, sport, client, cport, FIN | ACK, 5001 + response.length, 1002 + request.length,
                new byte[0]);
        return this;
    }

    /** An ARP request frame (not IP). */
    public PcapWriter arp(long seconds, int micros) {
        byte[] f = new byte[14 + 28];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
            f[6 + i] = (byte) (0x10 + i);
        }
        be16(f, 12, 0x0806);
        be16(f, 14, 1);
        be16(f, 16, 0x0800);
        f[18] = 6;
        f[19] = 4;
        be16(f, 20, 1);
        return record(seconds, micros, f);
    }

    /** A DNS query (A record) for {@code name}. */
    public static byte[] dnsQuery(int id, String name) {
        return dns(id, false, name, null);
    }

    /** A DNS response for {@code name} with one A record {@code address}. */
    public static byte[] dnsResponse(int id, String name, String address) {
        return dns(id, true, name, address);
    }

    private static byte[] dns(int id, boolean response, String name, String address) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        byte[] head = new byte[12];
        be16(head, 0, id);
        be16(head, 2, response ? 0x8180 : 0x0100);
        be16(head, 4, 1);
        be16(head, 6, response ? 1 : 0);
        m.writeBytes(head);
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            m.write(b.length);
            m.writeBytes(b);
        }
        m.write(0);
        m.writeBytes(new byte[] {0, 1, 0, 1});
        if (response) {
            m.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4});
            m.writeBytes(ip(address));
        }
        return m.toByteArray();
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private PcapWriter ipv4(long seconds, int micros, String src, String dst, int proto, byte[] l4) {
        byte[] f = new byte[14 + 20 + l4.length];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (0x20 + i);
            f[6 + i] = (byte) (0x10 + i);
        }
        be16(f, 12, 0x0800);
        f[14] = 0x45;
        be16(f, 16, 20 + l4.length);
        f[22] = 64;
        f[23] = (byte) proto;
        System.arraycopy(ip(src), 0, f, 26, 4);
        System.arraycopy(ip(dst), 0, f, 30, 4);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        be16(f, 24, ~sum & 0xffff);
        System.arraycopy(l4, 0, f, 34, l4.length);
        return record(seconds, micros, f);
    }

    private PcapWriter record(long seconds, int micros, byte[] frame) {
        byte[] h = new byte[16];
        le32(h, 0, (int) seconds);
        le32(h, 4, micros);
        le32(h, 8, frame.length);
        le32(h, 12, frame.length);
        out.writeBytes(h);
        out.writeBytes(frame);
        return this;
    }

    private static byte[] ip(String dotted) {
        String[] p = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        return b;
    }

    private static void le32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void be16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void be32(byte[] b, int at, int v) {
        be16(b, at, v >>> 16);
        be16(b, at + 2, v);
    }
}
