package io.proxyaudit.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface Description Block with
 * {@code if_tsresol} 9 (nanosecond time stamps, section 4.2) and an Enhanced Packet Block per packet, little-endian.
 * Used by {@code proxyaudit run} for the capture it keeps; {@link PcapngReader} reads it back.
 */
public final class PcapngWriter {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int EPB = 6;
    private final OutputStream out;
    private ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

    /** Writes the section and interface headers for {@code linkType} (a LINKTYPE_ value) and {@code snapLength}. */
    public PcapngWriter(OutputStream out, int linkType, int snapLength, String interfaceName) throws IOException {
        this.out = out;
        buf.clear();
        buf.putInt(SHB).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).putInt(28);
        out.write(buf.array(), 0, buf.position());
        byte[] name = interfaceName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int nameOpt = 4 + pad(name.length);
        int len = 16 + nameOpt + 8 + 4 + 4; // header, if_name, if_tsresol (1 byte padded), opt_endofopt, length
        buf.clear();
        buf.putInt(IDB).putInt(len).putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        buf.putShort((short) 2).putShort((short) name.length).put(name).put(new byte[pad(name.length) - name.length]);
        buf.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]);
        buf.putInt(0).putInt(len);
        out.write(buf.array(), 0, buf.position());
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    /** One packet: {@code capturedLength} bytes of {@code data} at {@code offset}, on the wire {@code originalLength}. */
    public void packet(long timestampNanos, byte[] data, int offset, int capturedLength, int originalLength) throws IOException {
        int len = 28 + pad(capturedLength) + 4;
        if (buf.capacity() < len) {
            buf = ByteBuffer.allocate(Math.max(len, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear();
        buf.putInt(EPB).putInt(len).putInt(0).putInt((int) (timestampNanos >>> 32)).putInt((int) timestampNanos)
                .putInt(capturedLength).putInt(originalLength).put(data, offset, capturedLength)
                .put(new byte[pad(capturedLength) - capturedLength]).putInt(len);
        out.write(buf.array(), 0, buf.position());
    }
}
