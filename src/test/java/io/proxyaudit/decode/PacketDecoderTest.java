package io.proxyaudit.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.capture.PacketRecord;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private static final byte[] HELLO = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final DecodeCounters counters = new DecodeCounters();
    private final PacketDecoder decoder = new PacketDecoder(counters);
    private final DecodedPacket out = new DecodedPacket();

    private int decode(int linkType, byte[] frame) {
        return decode(linkType, frame, frame.length, 1_000L);
    }

    private int decode(int linkType, byte[] frame, int caplen, long ts) {
        PacketRecord r = new PacketRecord();
        // put the frame at an offset inside a larger buffer, as the readers do
        r.data = new byte[frame.length + 37];
        System.arraycopy(frame, 0, r.data, 17, frame.length);
        r.offset = 17;
        r.capturedLength = caplen;
        r.originalLength = frame.length;
        r.linkType = linkType;
        r.timestampNanos = ts;
        r.number = 9;
        return decoder.decode(r, out);
    }

    private byte[] payload() {
        return Arrays.copyOfRange(out.payload, out.payloadOffset, out.payloadOffset + out.payloadLength);
    }

    private static byte[] tcpOverIpv4() {
        return Frames.ipv4(6, Frames.tcp(51000, 443, 4_000_000_000L, 7, DecodedPacket.TCP_PSH | DecodedPacket.TCP_ACK,
                12, HELLO));
    }

    private void assertTcpHello() {
        assertEquals(4, out.ipVersion);
        assertArrayEquals(Frames.ip4(10, 0, 0, 1), Arrays.copyOf(out.srcAddr, 4));
        assertArrayEquals(Frames.ip4(192, 0, 2, 7), Arrays.copyOf(out.dstAddr, 4));
        assertEquals(6, out.ipProtocol);
        assertEquals(51000, out.srcPort);
        assertEquals(443, out.dstPort);
        assertEquals(4_000_000_000L, out.seq);
        assertEquals(7, out.ack);
        assertEquals(DecodedPacket.TCP_PSH | DecodedPacket.TCP_ACK, out.tcpFlags);
        assertArrayEquals(HELLO, payload());
        assertEquals(HELLO.length, out.payloadWireLength);
    }

    @Test
    void ethernetIpv4TcpWithOptionsAndPadding() {
        byte[] frame = Frames.ethernet(0x0800, tcpOverIpv4());
        byte[] padded = Arrays.copyOf(frame, frame.length + 6); // Ethernet trailer padding is not payload
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(1, padded));
        assertTcpHello();
        assertEquals(9, out.number);
        assertEquals(1, counters.ipv4);
        assertEquals(1, counters.tcp);
    }

    @Test
    void stackedVlanTags() {
        byte[] inner = Frames.create().u16(0x0064).u16(0x8100).u16(0x00c8).u16(0x0800).bytes(tcpOverIpv4()).toBytes();
        byte[] frame = Frames.create().bytes(new byte[12]).u16(0x88a8).bytes(inner).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(1, frame));
        assertTcpHello();
    }

    @Test
    void vlanInsideLinuxCookedAndSnapAndPppoe() {
        byte[] sll = Frames.create().u16(0).u16(1).u16(6).bytes(new byte[8]).u16(0x8100).u16(0x0005).u16(0x0800)
                .bytes(tcpOverIpv4()).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(113, sll));
        assertTcpHello();
        byte[] ip = tcpOverIpv4();
        byte[] snap = Frames.create().bytes(new byte[12]).u16(8 + ip.length).u8(0xAA).u8(0xAA).u8(0x03).u8(0).u8(0)
                .u8(0).u16(0x0800).bytes(ip).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(1, snap));
        assertTcpHello();
        byte[] pppoe = Frames.ethernet(0x8864, Frames.create().u8(0x11).u8(0).u16(1).u16(ip.length + 2).u16(0x0021)
                .bytes(ip).toBytes());
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(1, pppoe));
        assertTcpHello();
        byte[] stp = Frames.create().bytes(new byte[12]).u16(38).u8(0x42).u8(0x42).u8(0x03).bytes(new byte[35]).toBytes();
        assertEquals(PacketDecoder.STATUS_NOT_IP, decode(1, stp));
    }

    @Test
    void pppCiscoHdlcPflogAndMpackets() {
        byte[] ip = tcpOverIpv4();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(9, Frames.create().u8(0xff).u8(0x03).u16(0x0021).bytes(ip)
                .toBytes()));
        assertTcpHello();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(9, Frames.create().u8(0x21).bytes(ip).toBytes()));
        assertTcpHello();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(50, Frames.create().u8(0xff).u8(0x03).u16(0x0021).bytes(ip)
                .toBytes()));
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(104, Frames.create().u8(0x0f).u8(0).u16(0x0800).bytes(ip)
                .toBytes()));
        assertTcpHello();
        byte[] pflog = Frames.create().u8(61).u8(2).bytes(new byte[62]).bytes(ip).toBytes(); // 61 -> 64 bytes
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(117, pflog));
        assertTcpHello();
        byte[] eth = Frames.ethernet(0x0800, ip);
        byte[] express = Frames.create().bytes(new byte[] {0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, (byte) 0xd5})
                .bytes(eth).u32(0).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(274, express));
        assertTcpHello();
        byte[] continuation = express.clone();
        continuation[7] = 0x61;
        assertEquals(PacketDecoder.STATUS_NOT_IP, decode(274, continuation));
    }

    @Test
    void ipv4Options() {
        byte[] ip = Frames.ipv4(17, Frames.ip4(10, 0, 0, 1), Frames.ip4(10, 0, 0, 53), 8, 1, false, 0,
                Frames.udp(5353, 53, HELLO));
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(101, ip));
        assertEquals(17, out.ipProtocol);
        assertEquals(53, out.dstPort);
        assertArrayEquals(HELLO, payload());
    }

    @Test
    void linuxCookedV1AndV2() {
        byte[] sll = Frames.create().u16(0).u16(1).u16(6).bytes(new byte[8]).u16(0x0800).bytes(tcpOverIpv4()).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(113, sll));
        assertTcpHello();
        byte[] sll2 = Frames.create().u16(0x0800).u16(0).u32(3).u16(1).u8(0).u8(6).bytes(new byte[8])
                .bytes(tcpOverIpv4()).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(276, sll2));
        assertTcpHello();
    }

    @Test
    void rawIpLinkTypes() {
        for (int lt : new int[] {101, 12, 14, 228}) {
            assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(lt, tcpOverIpv4()), "link type " + lt);
            assertTcpHello();
        }
        byte[] v6 = Frames.ipv6(17, Frames.ip6(1), Frames.ip6(2), Frames.udp(40000, 443, HELLO));
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(229, v6));
        assertEquals(6, out.ipVersion);
        assertArrayEquals(Frames.ip6(2), out.dstAddr);
        assertEquals(443, out.dstPort);
        decode(101, tcpOverIpv4()); // an IPv4 packet after an IPv6 one: 4 address bytes count, the rest are stale
        assertEquals(4, out.addressLength());
        assertArrayEquals(Arrays.copyOfRange(tcpOverIpv4(), 16, 20), Arrays.copyOfRange(out.dstAddr, 0, 4));
    }

    @Test
    void bsdLoopbackBothByteOrdersAndIpv6Families() {
        byte[] le2 = Frames.create().u8(2).u8(0).u8(0).u8(0).bytes(tcpOverIpv4()).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(0, le2));
        assertTcpHello();
        byte[] be2 = Frames.create().u32(2).bytes(tcpOverIpv4()).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(108, be2));
        assertTcpHello();
        byte[] v6 = Frames.ipv6(6, Frames.ip6(1), Frames.ip6(2), Frames.tcp(1, 2, 0, 0, DecodedPacket.TCP_SYN, 0,
                new byte[0]));
        for (int family : new int[] {24, 28, 30}) {
            byte[] le = Frames.create().u8(family).u8(0).u8(0).u8(0).bytes(v6).toBytes();
            assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(0, le), "AF_INET6 " + family);
            assertEquals(6, out.ipVersion);
            assertEquals(DecodedPacket.TCP_SYN, out.tcpFlags);
        }
        byte[] other = Frames.create().u32(7).bytes(v6).toBytes();
        assertEquals(PacketDecoder.STATUS_NOT_IP, decode(0, other));
    }

    @Test
    void nflogPayloadTlv() {
        byte[] ip = tcpOverIpv4();
        int tlvLen = 4 + ip.length;
        Frames f = Frames.create().u8(2).u8(0).u16(0)
                .u8(8).u8(0).u8(1).u8(0).bytes(new byte[4]) // NFULA_PACKET_HDR, length 8 (little-endian)
                .u8(tlvLen & 0xff).u8(tlvLen >> 8).u8(9).u8(0).bytes(ip);
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(239, f.toBytes()));
        assertTcpHello();
    }

    @Test
    void ipv6ExtensionHeadersAndAtomicFragment() {
        byte[] udp = Frames.udp(53, 33000, HELLO);
        byte[] rest = Frames.create()
                .u8(60).u8(0).bytes(new byte[6]) // hop-by-hop, 8 bytes, next: destination options
                .u8(44).u8(0).bytes(new byte[6]) // destination options, next: fragment
                .u8(17).u8(0).u16(0).u32(99) // fragment header with offset 0 and M=0: atomic
                .bytes(udp).toBytes();
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(229, Frames.ipv6(0, Frames.ip6(1), Frames.ip6(2), rest)));
        assertEquals(17, out.ipProtocol);
        assertEquals(53, out.srcPort);
        assertArrayEquals(HELLO, payload());
    }

    @Test
    void ipv4FragmentsAreReassembled() {
        byte[] udp = Frames.udp(53, 40000, CaptureBytesLike.payload(1000));
        byte[] first = Arrays.copyOfRange(udp, 0, 512);
        byte[] second = Arrays.copyOfRange(udp, 512, udp.length);
        byte[] src = Frames.ip4(10, 0, 0, 53);
        byte[] dst = Frames.ip4(10, 0, 0, 2);
        assertEquals(PacketDecoder.STATUS_FRAGMENT_HELD, decode(101, Frames.ipv4(17, src, dst, 0, 77, true, 0, first)));
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(101, Frames.ipv4(17, src, dst, 0, 77, false, 512, second)));
        assertEquals(40000, out.dstPort);
        assertArrayEquals(CaptureBytesLike.payload(1000), payload());
        assertEquals(2, counters.fragments);
        assertEquals(1, counters.fragmentsReassembled);
    }

    @Test
    void ipv6FragmentsOutOfOrderAreReassembled() {
        byte[] udp = Frames.udp(53, 40000, CaptureBytesLike.payload(700));
        byte[] a = Arrays.copyOfRange(udp, 0, 400);
        byte[] b = Arrays.copyOfRange(udp, 400, udp.length);
        byte[] fa = Frames.create().u8(17).u8(0).u16(0 | 1).u32(5).bytes(a).toBytes();
        byte[] fb = Frames.create().u8(17).u8(0).u16(400).u32(5).bytes(b).toBytes();
        assertEquals(PacketDecoder.STATUS_FRAGMENT_HELD, decode(229, Frames.ipv6(44, Frames.ip6(1), Frames.ip6(2), fb)));
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(229, Frames.ipv6(44, Frames.ip6(1), Frames.ip6(2), fa)));
        assertArrayEquals(CaptureBytesLike.payload(700), payload());
    }

    @Test
    void incompleteFragmentsExpireAndAreCounted() {
        byte[] src = Frames.ip4(10, 0, 0, 53);
        byte[] dst = Frames.ip4(10, 0, 0, 2);
        decode(101, Frames.ipv4(17, src, dst, 0, 1, true, 0, new byte[512]), 532, 0);
        decode(101, Frames.tcpLess(), 20, IpFragmentTable.TIMEOUT_NANOS + 1); // a later packet
        decode(101, Frames.ipv4(17, src, dst, 0, 2, true, 0, new byte[512]), 532, IpFragmentTable.TIMEOUT_NANOS + 2);
        assertEquals(1, counters.fragmentsDropped);
        decoder.finish();
        assertEquals(2, counters.fragmentsDropped);
    }

    @Test
    void snapLengthCutsPayloadNotHeaders() {
        byte[] frame = Frames.ethernet(0x0800, tcpOverIpv4());
        int caplen = frame.length - 6;
        assertEquals(PacketDecoder.STATUS_TRANSPORT, decode(1, frame, caplen, 1));
        assertEquals(HELLO.length - 6, out.payloadLength);
        assertEquals(HELLO.length, out.payloadWireLength);
    }

    @Test
    void malformedAndOtherPackets() {
        byte[] frame = Frames.ethernet(0x0800, tcpOverIpv4());
        assertEquals(PacketDecoder.STATUS_MALFORMED, decode(1, frame, 14 + 20 + 10, 1)); // TCP header cut
        assertEquals(PacketDecoder.STATUS_NOT_IP, decode(1, Frames.ethernet(0x0806, new byte[28])));
        assertEquals(PacketDecoder.STATUS_IP_OTHER, decode(101, Frames.ipv4(1, new byte[8])));
        assertEquals(1, counters.icmp);
        assertEquals(PacketDecoder.STATUS_UNSUPPORTED_LINK, decode(285, frame));
        assertEquals(1L, counters.unsupportedLinkTypes.get(285));
        assertEquals(PacketDecoder.STATUS_MALFORMED, decode(1, new byte[5]));
        assertEquals(2, counters.malformed);
        assertEquals(1, counters.notIp);
    }

    /** Deterministic payload bytes. */
    static final class CaptureBytesLike {
        static byte[] payload(int n) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (i * 7 + 3);
            }
            return b;
        }
    }
}
