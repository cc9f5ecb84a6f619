package io.proxyaudit.decode;

import io.proxyaudit.capture.PacketRecord;

/**
 * A decoded packet as a mutable flyweight, refilled by {@link PacketDecoder} for every packet.
 * Addresses are copied into fixed 16-byte arrays (IPv4 uses the first 4 bytes, and the other 12 hold whatever an
 * earlier packet left there: read {@link #addressLength()} bytes, never all 16); the transport payload
 * stays in the capture buffer ({@link #payload}, {@link #payloadOffset}, {@link #payloadLength}) and
 * is valid only until the next packet. Hot path: no allocation.
 */
public final class DecodedPacket {
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_ICMPV6 = 58;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    public long timestampNanos;
    public long number;
    /** 4 or 6; 0 when the packet carries no IP we could decode. */
    public int ipVersion;
    public final byte[] srcAddr = new byte[16];
    public final byte[] dstAddr = new byte[16];
    /** IP protocol number of the transport (after IPv6 extension headers). */
    public int ipProtocol;
    public int srcPort;
    public int dstPort;
    /** TCP only. */
    public int tcpFlags;
    /** TCP sequence and acknowledgement numbers as unsigned 32-bit values. */
    public long seq;
    public long ack;
    public int window;
    /** Transport payload. */
    public byte[] payload;
    public int payloadOffset;
    /** Payload bytes present in the capture. */
    public int payloadLength;
    /** Payload length claimed by the IP/UDP headers (larger than payloadLength when the snap length cut it). */
    public int payloadWireLength;
    /** Wire length of the whole frame. */
    public int frameLength;
    /** The capture record this packet came from (its pcapng options: process comments); null in tests. */
    public PacketRecord record;

    public int addressLength() {
        return ipVersion == 6 ? 16 : 4;
    }

    public boolean isTcp() {
        return ipProtocol == PROTO_TCP;
    }

    public boolean isUdp() {
        return ipProtocol == PROTO_UDP;
    }
}
