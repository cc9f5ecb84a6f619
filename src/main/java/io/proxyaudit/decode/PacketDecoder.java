package io.proxyaudit.decode;

import io.proxyaudit.capture.PacketRecord;

/**
 * Decodes link, IP and TCP/UDP headers of one record into a reused {@link DecodedPacket}.
 * Contract (implementation to come): returns one of the {@code STATUS_*} codes and counts what it
 * could not decode in its {@link DecodeCounters}. No allocation per packet.
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

    private final DecodeCounters counters;

    public PacketDecoder(DecodeCounters counters) {
        this.counters = counters;
    }

    public DecodeCounters counters() {
        return counters;
    }

    public int decode(PacketRecord record, DecodedPacket out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
