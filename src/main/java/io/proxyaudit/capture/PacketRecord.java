package io.proxyaudit.capture;

/**
 * One capture record, as a mutable flyweight that a {@link CaptureReader} refills for every packet.
 * The bytes live in {@link #data} from {@link #offset} for {@link #capturedLength} bytes and are only
 * valid until the next call to {@link CaptureReader#next(PacketRecord)}. Hot path: never allocate here.
 */
public final class PacketRecord {
    /** Backing buffer (owned by the reader, reused). */
    public byte[] data;
    /** Start of the packet bytes in {@link #data}. */
    public int offset;
    /** Bytes present in the file (may be below {@link #originalLength}: snap length). */
    public int capturedLength;
    /** Length on the wire. */
    public int originalLength;
    /** Time stamp in nanoseconds since the epoch; {@link Long#MIN_VALUE} when the record has none. */
    public long timestampNanos;
    /** LINKTYPE_* value of the interface that captured the packet. */
    public int linkType;
    /** pcapng interface id; 0 for classic pcap. */
    public int interfaceId;
    /** Byte offset of the record header in the (decompressed) capture stream. */
    public long fileOffset;
    /** 1-based record number, as tshark's frame.number. */
    public long number;
    /**
     * A pcapng packet block's options ({@code opt_comment} and the rest, {@link PacketComments}) in {@link #data}:
     * {@link #optionsLength} bytes from {@link #optionsOffset}, in the section's byte order; 0 bytes when the
     * record has none (every classic pcap record, most pcapng ones). Valid as long as {@link #data}.
     */
    public int optionsOffset;
    public int optionsLength;
    public boolean optionsLittleEndian;

    public boolean hasTimestamp() {
        return timestampNanos != Long.MIN_VALUE;
    }
}
