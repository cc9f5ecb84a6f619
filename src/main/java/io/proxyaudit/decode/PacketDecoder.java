package io.proxyaudit.decode;

import io.proxyaudit.capture.PacketRecord;

/**
 * Decodes link, IP and TCP/UDP headers of one record into a reused {@link DecodedPacket}.
 * Returns one of the {@code STATUS_*} codes and counts what it could not decode in its
 * {@link DecodeCounters}. No allocation per packet (IP fragments aside, which go to a bounded table).
 *
 * <p>Lengths: the IP header's total/payload length bounds the packet (Ethernet padding is not payload);
 * bytes cut by the snap length make {@link DecodedPacket#payloadLength} smaller than
 * {@link DecodedPacket#payloadWireLength}.
 */
public final class PacketDecoder {
    /** TCP or UDP decoded; ports and payload are valid. */
    public static final int STATUS_TRANSPORT = 0;
    /** IP decoded, transport is something else (ICMP, ...), or a non-first fragment. */
    public static final int STATUS_IP_OTHER = 1;
    /** Not IP (ARP, LLDP ...). */
    public static final int STATUS_NOT_IP = 2;
    /** Unsupported link type. */
    public static final int STATUS_UNSUPPORTED_LINK = 3;
    /** Headers cut off or malformed. */
    public static final int STATUS_MALFORMED = 4;
    /** An IP fragment held for reassembly (nothing to deliver yet). */
    public static final int STATUS_FRAGMENT_HELD = 5;

    // LINKTYPE_* values (https://www.tcpdump.org/linktypes.html)
    static final int LINKTYPE_NULL = 0;
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_FDDI = 10;
    static final int DLT_RAW_12 = 12;
    static final int DLT_RAW_14 = 14;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LOOP = 108;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_IPV6 = 229;
    static final int LINKTYPE_NFLOG = 239;
    static final int LINKTYPE_LINUX_SLL2 = 276;
    static final int LINKTYPE_PPP = 9;
    static final int LINKTYPE_PPP_HDLC = 50;
    static final int LINKTYPE_C_HDLC = 104;
    static final int LINKTYPE_PFLOG = 117;
    static final int LINKTYPE_ETHERNET_MPACKET = 274;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int ETHERTYPE_MPLS = 0x8847;
    private static final int MAX_TAGS = 8;
    /** Internal code for "find the IP version from the first nibble". */
    private static final int ETHERTYPE_GUESS = -1;

    private final DecodeCounters counters;
    private final IpFragmentTable fragments;

    public PacketDecoder(DecodeCounters counters) {
        this(counters, new IpFragmentTable(counters));
    }

    PacketDecoder(DecodeCounters counters, IpFragmentTable fragments) {
        this.counters = counters;
        this.fragments = fragments;
    }

    public DecodeCounters counters() {
        return counters;
    }

    /** End of the capture: fragments still waiting for their datagram are counted as dropped. */
    public void finish() {
        fragments.dropAll();
    }

    public int decode(PacketRecord record, DecodedPacket out) {
        out.timestampNanos = record.timestampNanos;
        out.number = record.number;
        out.frameLength = record.originalLength;
        out.record = record;
        out.ipVersion = 0;
        out.ipProtocol = 0;
        out.srcPort = 0;
        out.dstPort = 0;
        out.tcpFlags = 0;
        out.seq = 0;
        out.ack = 0;
        out.window = 0;
        out.payload = record.data;
        out.payloadOffset = record.offset;
        out.payloadLength = 0;
        out.payloadWireLength = 0;
        byte[] b = record.data;
        int off = record.offset;
        int end = record.offset + record.capturedLength;
        return link(record.linkType, b, off, end, out, record.timestampNanos);
    }

    private int link(int linkType, byte[] b, int off, int end, DecodedPacket out, long ts) {
        switch (linkType) {
            case LINKTYPE_ETHERNET:
                if (end - off < 14) {
                    return malformed();
                }
                return ethernetType(b, off + 12, end, out, ts);
            case LINKTYPE_LINUX_SLL: // 16-byte header, protocol in the last two bytes
                if (end - off < 16) {
                    return malformed();
                }
                return etherType(u16(b, off + 14), b, off + 16, end, out, ts);
            case LINKTYPE_LINUX_SLL2: // 20-byte header, protocol first
                if (end - off < 20) {
                    return malformed();
                }
                return etherType(u16(b, off), b, off + 20, end, out, ts);
            case LINKTYPE_RAW:
            case DLT_RAW_12:
            case DLT_RAW_14:
                return etherType(ETHERTYPE_GUESS, b, off, end, out, ts);
            case LINKTYPE_IPV4:
                return etherType(ETHERTYPE_IPV4, b, off, end, out, ts);
            case LINKTYPE_IPV6:
                return etherType(ETHERTYPE_IPV6, b, off, end, out, ts);
            case LINKTYPE_NULL:
            case LINKTYPE_LOOP:
                return nullLoop(b, off, end, out, ts);
            case LINKTYPE_NFLOG:
                return nflog(b, off, end, out, ts);
            case LINKTYPE_FDDI: // frame control + two 6-byte addresses, then 802.2 LLC
                if (end - off < 13) {
                    return malformed();
                }
                return llc(b, off + 13, end, out, ts);
            case LINKTYPE_PPP:
            case LINKTYPE_PPP_HDLC:
                return ppp(b, off, end, out, ts);
            case LINKTYPE_C_HDLC: // Cisco HDLC: address, control, then an Ethertype
                if (end - off < 4) {
                    return malformed();
                }
                return etherType(u16(b, off + 2), b, off + 4, end, out, ts);
            case LINKTYPE_PFLOG:
                return pflog(b, off, end, out, ts);
            case LINKTYPE_ETHERNET_MPACKET:
                return mpacket(b, off, end, out, ts);
            default:
                counters.unsupportedLinkTypes.merge(linkType, 1L, Long::sum);
                return STATUS_UNSUPPORTED_LINK;
        }
    }

    /** Ethernet type/length field at {@code at}. */
    private int ethernetType(byte[] b, int at, int end, DecodedPacket out, long ts) {
        return etherType(u16(b, at), b, at + 2, end, out, ts);
    }

    /** 802.2 LLC; only SNAP with an Ethertype carries IP for us. */
    private int llc(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off >= 8 && (b[off] & 0xff) == 0xAA && (b[off + 1] & 0xff) == 0xAA && (b[off + 2] & 0xff) == 0x03) {
            return etherType(u16(b, off + 6), b, off + 8, end, out, ts);
        }
        counters.notIp++;
        return STATUS_NOT_IP;
    }

    /** Dispatches on an Ethertype whose payload starts at {@code off}; 802.1Q/802.1ad tags may be stacked. */
    private int etherType(int type, byte[] b, int off, int end, DecodedPacket out, long ts) {
        int tags = 0;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (++tags > MAX_TAGS || end - off < 4) {
                return malformed();
            }
            type = u16(b, off + 2); // after the 2-byte tag control information
            off += 4;
        }
        if (type >= 0 && type <= 1500) { // IEEE 802.3 length field (or SLL's ETH_P_802_2): 802.2 LLC follows
            return llc(b, off, end, out, ts);
        }
        if (type == ETHERTYPE_PPPOE_SESSION) { // RFC 2516: 6-byte header, then a 2-byte PPP protocol
            if (end - off < 8) {
                return malformed();
            }
            int ppp = u16(b, off + 6);
            type = ppp == 0x0021 ? ETHERTYPE_IPV4 : ppp == 0x0057 ? ETHERTYPE_IPV6 : 0;
            off += 8;
        } else if (type == ETHERTYPE_MPLS) { // pop labels up to the bottom of stack, then guess
            int labels = 0;
            while (true) {
                if (end - off < 4 || ++labels > MAX_TAGS) {
                    return malformed();
                }
                boolean bottom = (b[off + 2] & 1) != 0;
                off += 4;
                if (bottom) {
                    break;
                }
            }
            type = ETHERTYPE_GUESS;
        }
        if (type == ETHERTYPE_GUESS) {
            if (end - off < 1) {
                return malformed();
            }
            int v = (b[off] & 0xff) >> 4;
            type = v == 4 ? ETHERTYPE_IPV4 : v == 6 ? ETHERTYPE_IPV6 : 0;
        }
        if (type == ETHERTYPE_IPV4) {
            return ipv4(b, off, end, out, ts);
        }
        if (type == ETHERTYPE_IPV6) {
            return ipv6(b, off, end, out, ts);
        }
        counters.notIp++;
        return STATUS_NOT_IP;
    }

    /**
     * BSD loopback: a 4-byte address family in the byte order of the capturing host (NULL) or in
     * network order (LOOP). AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD),
     * 30 (macOS) or 10 (Linux).
     */
    private int nullLoop(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off < 4) {
            return malformed();
        }
        int family = (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
        if ((family & 0xffff) == 0) {
            family = Integer.reverseBytes(family);
        }
        switch (family) {
            case 2:
                return etherType(ETHERTYPE_IPV4, b, off + 4, end, out, ts);
            case 10:
            case 24:
            case 28:
            case 30:
                return etherType(ETHERTYPE_IPV6, b, off + 4, end, out, ts);
            default:
                counters.notIp++;
                return STATUS_NOT_IP;
        }
    }

    /** PPP (RFC 1661), optionally with HDLC address/control 0xFF 0x03 (RFC 1662) and a compressed protocol field. */
    private int ppp(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off >= 2 && (b[off] & 0xff) == 0xff && (b[off + 1] & 0xff) == 0x03) {
            off += 2;
        }
        if (end - off < 1) {
            return malformed();
        }
        int proto;
        if ((b[off] & 1) != 0) { // protocol field compression: one odd byte
            proto = b[off] & 0xff;
            off += 1;
        } else {
            if (end - off < 2) {
                return malformed();
            }
            proto = u16(b, off);
            off += 2;
        }
        int type = proto == 0x0021 || proto == 0x21 ? ETHERTYPE_IPV4 : proto == 0x0057 || proto == 0x57 ? ETHERTYPE_IPV6 : 0;
        return etherType(type, b, off, end, out, ts);
    }

    /** OpenBSD pflog: a header whose first byte is its length (padded to 4), the second the address family. */
    private int pflog(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off < 4) {
            return malformed();
        }
        int hdr = ((b[off] & 0xff) + 3) & ~3;
        int family = b[off + 1] & 0xff;
        if (hdr < 4 || end - off < hdr) {
            return malformed();
        }
        int type = family == 2 ? ETHERTYPE_IPV4 : family == 10 || family == 24 || family == 28 || family == 30
                ? ETHERTYPE_IPV6 : 0;
        return etherType(type, b, off + hdr, end, out, ts);
    }

    /**
     * IEEE 802.3br mPackets: 7 preamble bytes and a start-mPacket delimiter, the frame, then a 4-byte mCRC.
     * Express frames (SMD-E, the ordinary SFD 0xD5) and starts of preemptable frames (SMD-S) hold an
     * Ethernet header; continuation fragments and verify/respond mPackets do not.
     */
    private int mpacket(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off < 8 + 14) {
            return malformed();
        }
        int smd = b[off + 7] & 0xff;
        if (smd == 0xD5 || smd == 0xE6 || smd == 0x4C || smd == 0x7F || smd == 0xB3) {
            return ethernetType(b, off + 8 + 12, Math.max(off + 8 + 14, end - 4), out, ts);
        }
        counters.notIp++;
        return STATUS_NOT_IP;
    }

    /**
     * Linux NFLOG (LINKTYPE_NFLOG): family, version, resource id, then TLVs whose length and type are in
     * host byte order (little-endian in practice); type 9 (NFULA_PAYLOAD) holds the IP packet.
     */
    private int nflog(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off < 4) {
            return malformed();
        }
        int family = b[off] & 0xff;
        int at = off + 4;
        while (end - at >= 4) {
            int len = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
            int type = ((b[at + 2] & 0xff) | (b[at + 3] & 0xff) << 8) & 0x7fff;
            if (len < 4 || at + len > end + 3) {
                return malformed();
            }
            if (type == 9) {
                int type2 = family == 2 ? ETHERTYPE_IPV4 : family == 10 ? ETHERTYPE_IPV6 : ETHERTYPE_GUESS;
                return etherType(type2, b, at + 4, Math.min(end, at + len), out, ts);
            }
            at += (len + 3) & ~3;
        }
        counters.notIp++;
        return STATUS_NOT_IP;
    }

    private int ipv4(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off < 20 || (b[off] & 0xf0) != 0x40) {
            return malformed();
        }
        int ihl = (b[off] & 0x0f) * 4;
        int total = u16(b, off + 2);
        if (ihl < 20 || end - off < ihl) {
            return malformed();
        }
        if (total == 0) { // TSO: length not filled in; use what was captured
            total = end - off;
        } else if (total < ihl) {
            return malformed();
        }
        counters.ipv4++;
        out.ipVersion = 4;
        System.arraycopy(b, off + 12, out.srcAddr, 0, 4);
        System.arraycopy(b, off + 16, out.dstAddr, 0, 4);
        int proto = b[off + 9] & 0xff;
        out.ipProtocol = proto;
        int flagsFrag = u16(b, off + 6);
        boolean more = (flagsFrag & 0x2000) != 0;
        int fragOffset = (flagsFrag & 0x1fff) * 8;
        int payloadStart = off + ihl;
        int payloadWire = total - ihl;
        int payloadEnd = Math.min(end, off + total);
        if (more || fragOffset != 0) {
            counters.fragments++;
            int id = u16(b, off + 4);
            return fragments.add(4, out.srcAddr, out.dstAddr, id, proto, fragOffset, more, b, payloadStart,
                    payloadEnd - payloadStart, payloadWire, ts, out) ? transport(proto, out.payload,
                    out.payloadOffset, out.payloadOffset + out.payloadLength, out.payloadLength, out)
                    : STATUS_FRAGMENT_HELD;
        }
        return transport(proto, b, payloadStart, payloadEnd, payloadWire, out);
    }

    private int ipv6(byte[] b, int off, int end, DecodedPacket out, long ts) {
        if (end - off < 40 || (b[off] & 0xf0) != 0x60) {
            return malformed();
        }
        counters.ipv6++;
        out.ipVersion = 6;
        System.arraycopy(b, off + 8, out.srcAddr, 0, 16);
        System.arraycopy(b, off + 24, out.dstAddr, 0, 16);
        int payloadLen = u16(b, off + 4);
        int next = b[off + 6] & 0xff;
        int at = off + 40;
        int ipEnd = payloadLen == 0 ? end : off + 40 + payloadLen; // 0: jumbogram or TSO; use what we have
        int capEnd = Math.min(end, ipEnd);
        // extension headers (RFC 8200 section 4)
        for (int hops = 0; hops < 16; hops++) {
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> {
                    if (capEnd - at < 8) {
                        return malformed();
                    }
                    next = b[at] & 0xff;
                    at += ((b[at + 1] & 0xff) + 1) * 8;
                }
                case 51 -> { // AH: length in 4-byte units minus 2 (RFC 4302)
                    if (capEnd - at < 8) {
                        return malformed();
                    }
                    next = b[at] & 0xff;
                    at += ((b[at + 1] & 0xff) + 2) * 4;
                }
                case 44 -> { // fragment header (RFC 8200 section 4.5)
                    if (capEnd - at < 8) {
                        return malformed();
                    }
                    int nh = b[at] & 0xff;
                    int fo = u16(b, at + 2);
                    int fragOffset = fo & 0xfff8;
                    boolean more = (fo & 1) != 0;
                    int id = (int) (((b[at + 4] & 0xffL) << 24) | (b[at + 5] & 0xff) << 16 | (b[at + 6] & 0xff) << 8
                            | (b[at + 7] & 0xff));
                    at += 8;
                    if (more || fragOffset != 0) {
                        counters.fragments++;
                        out.ipProtocol = nh;
                        return fragments.add(6, out.srcAddr, out.dstAddr, id, nh, fragOffset, more, b, at,
                                Math.max(0, capEnd - at), ipEnd - at, ts, out) ? transport(nh, out.payload,
                                out.payloadOffset, out.payloadOffset + out.payloadLength, out.payloadLength, out)
                                : STATUS_FRAGMENT_HELD;
                    }
                    next = nh; // atomic fragment: a whole packet
                }
                default -> {
                    if (at > capEnd) {
                        return malformed();
                    }
                    out.ipProtocol = next;
                    return transport(next, b, at, capEnd, ipEnd - at, out);
                }
            }
        }
        return malformed();
    }

    /** TCP/UDP headers from {@code off}; {@code wire} is the transport length the IP header claims. */
    private int transport(int proto, byte[] b, int off, int end, int wire, DecodedPacket out) {
        out.ipProtocol = proto;
        if (proto == DecodedPacket.PROTO_TCP) {
            if (end - off < 20) {
                return malformed();
            }
            int dataOffset = ((b[off + 12] & 0xf0) >> 4) * 4;
            if (dataOffset < 20 || end - off < dataOffset) {
                return malformed();
            }
            counters.tcp++;
            out.srcPort = u16(b, off);
            out.dstPort = u16(b, off + 2);
            out.seq = u32(b, off + 4);
            out.ack = u32(b, off + 8);
            out.tcpFlags = b[off + 13] & 0xff;
            out.window = u16(b, off + 14);
            out.payload = b;
            out.payloadOffset = off + dataOffset;
            out.payloadLength = end - off - dataOffset;
            out.payloadWireLength = Math.max(out.payloadLength, wire - dataOffset);
            return STATUS_TRANSPORT;
        }
        if (proto == DecodedPacket.PROTO_UDP) {
            if (end - off < 8) {
                return malformed();
            }
            counters.udp++;
            out.srcPort = u16(b, off);
            out.dstPort = u16(b, off + 2);
            int udpLen = u16(b, off + 4);
            int claimed = udpLen >= 8 ? udpLen - 8 : wire - 8; // 0 for jumbograms (RFC 2675)
            out.payload = b;
            out.payloadOffset = off + 8;
            out.payloadLength = Math.max(0, Math.min(end - off - 8, claimed));
            out.payloadWireLength = Math.max(out.payloadLength, claimed);
            return STATUS_TRANSPORT;
        }
        if (proto == DecodedPacket.PROTO_ICMP || proto == DecodedPacket.PROTO_ICMPV6) {
            counters.icmp++;
        }
        out.payload = b;
        out.payloadOffset = off;
        out.payloadLength = Math.max(0, end - off);
        out.payloadWireLength = Math.max(out.payloadLength, wire);
        return STATUS_IP_OTHER;
    }

    private int malformed() {
        counters.malformed++;
        return STATUS_MALFORMED;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
