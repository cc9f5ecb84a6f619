package io.proxyaudit.bench;

/**
 * Ethernet / IPv4 / IPv6 / TCP / UDP header writers for the synthetic capture. Lengths are exact;
 * the IPv4 header checksum is computed, TCP/UDP checksums are left zero (tshark does not check them
 * by default, and neither does a passive analyser).
 */
final class Frames {
    private Frames() {}

    static final byte[] HOST_MAC = {0x00, 0x0d, 0x3a, 0x5c, 0x11, 0x22};
    static final byte[] GATEWAY_MAC = {0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc};

    static final int ETH_HEADER = 14;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    /** Data segments carry the TCP timestamps option (RFC 7323): 20 + 12 bytes, so 1448-byte payloads. */
    static final int TCP_HEADER = 32;
    /** SYN / SYN-ACK: MSS, SACK-permitted, timestamps, NOP, window scale (Linux order). */
    static final int TCP_SYN_HEADER = 40;
    static final int UDP_HEADER = 8;
    static final int MSS = 1448;

    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    /** Ethernet header with the IP ethertype; {@code outbound} = sent by the capturing host. */
    static int ethernet(byte[] b, int o, boolean outbound, boolean v6) {
        System.arraycopy(outbound ? GATEWAY_MAC : HOST_MAC, 0, b, o, 6);
        System.arraycopy(outbound ? HOST_MAC : GATEWAY_MAC, 0, b, o + 6, 6);
        b[o + 12] = (byte) (v6 ? 0x86 : 0x08);
        b[o + 13] = (byte) (v6 ? 0xdd : 0x00);
        return ETH_HEADER;
    }

    /** IPv4 (RFC 791) or IPv6 (RFC 8200) header for a transport segment of {@code l4Length} bytes. */
    static int ip(byte[] b, int o, byte[] src, byte[] dst, int protocol, int l4Length, int ipId, int ttl) {
        if (src.length == 16) {
            b[o] = 0x60;
            b[o + 1] = 0;
            b[o + 2] = 0;
            b[o + 3] = 0;
            putBe16(b, o + 4, l4Length);
            b[o + 6] = (byte) protocol;
            b[o + 7] = (byte) ttl;
            System.arraycopy(src, 0, b, o + 8, 16);
            System.arraycopy(dst, 0, b, o + 24, 16);
            return IPV6_HEADER;
        }
        b[o] = 0x45;
        b[o + 1] = 0;
        putBe16(b, o + 2, IPV4_HEADER + l4Length);
        putBe16(b, o + 4, ipId);
        b[o + 6] = 0x40; // don't fragment
        b[o + 7] = 0;
        b[o + 8] = (byte) ttl;
        b[o + 9] = (byte) protocol;
        b[o + 10] = 0;
        b[o + 11] = 0;
        System.arraycopy(src, 0, b, o + 12, 4);
        System.arraycopy(dst, 0, b, o + 16, 4);
        int sum = 0;
        for (int i = 0; i < IPV4_HEADER; i += 2) {
            sum += ((b[o + i] & 0xff) << 8) | (b[o + i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        putBe16(b, o + 10, ~sum & 0xffff);
        return IPV4_HEADER;
    }

    /** TCP header (RFC 9293) with options; returns its length (32, or 40 with SYN). */
    static int tcp(byte[] b, int o, int srcPort, int dstPort, long seq, long ack, int flags, int window,
                   int tsVal, int tsEcr) {
        boolean syn = (flags & SYN) != 0;
        int len = syn ? TCP_SYN_HEADER : TCP_HEADER;
        putBe16(b, o, srcPort);
        putBe16(b, o + 2, dstPort);
        putBe32(b, o + 4, (int) seq);
        putBe32(b, o + 8, (flags & ACK) != 0 ? (int) ack : 0);
        b[o + 12] = (byte) ((len / 4) << 4);
        b[o + 13] = (byte) flags;
        putBe16(b, o + 14, window);
        putBe16(b, o + 16, 0);
        putBe16(b, o + 18, 0);
        int p = o + 20;
        if (syn) {
            b[p] = 2; b[p + 1] = 4; putBe16(b, p + 2, 1460);
            b[p + 4] = 4; b[p + 5] = 2;
            b[p + 6] = 8; b[p + 7] = 10; putBe32(b, p + 8, tsVal); putBe32(b, p + 12, tsEcr);
            b[p + 16] = 1;
            b[p + 17] = 3; b[p + 18] = 3; b[p + 19] = 7;
        } else {
            b[p] = 1; b[p + 1] = 1;
            b[p + 2] = 8; b[p + 3] = 10; putBe32(b, p + 4, tsVal); putBe32(b, p + 8, tsEcr);
        }
        return len;
    }

    /** UDP header (RFC 768); call after the payload is in place, the checksum covers it. */
    static int udp(byte[] b, int o, byte[] src, byte[] dst, int srcPort, int dstPort, int payloadLength) {
        int len = UDP_HEADER + payloadLength;
        putBe16(b, o, srcPort);
        putBe16(b, o + 2, dstPort);
        putBe16(b, o + 4, len);
        putBe16(b, o + 6, 0);
        // pseudo-header: addresses, protocol, length (RFC 768; RFC 8200 §8.1 for IPv6)
        long sum = 17 + len;
        for (int i = 0; i < src.length; i += 2) {
            sum += ((src[i] & 0xff) << 8) | (src[i + 1] & 0xff);
            sum += ((dst[i] & 0xff) << 8) | (dst[i + 1] & 0xff);
        }
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((b[o + i] & 0xff) << 8) | (b[o + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (b[o + len - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int c = (int) (~sum & 0xffff);
        putBe16(b, o + 6, c == 0 ? 0xffff : c);
        return UDP_HEADER;
    }

    static void putBe16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    static void putBe32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }
}
