package io.proxyaudit.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes Ethernet frames as classic pcap (microsecond, little-endian) or pcapng (one section, one
 * Ethernet interface, microsecond resolution, Enhanced Packet Blocks). Frames are built in place in a
 * large buffer: {@link #beginFrame} reserves the record header and returns where the frame bytes go,
 * {@link #endFrame} patches the lengths. Only the buffer is flushed, so writing runs at memory speed.
 */
final class CaptureFileWriter implements Closeable {
    enum Format { PCAP, PCAPNG }

    static final int LINKTYPE_ETHERNET = 1;
    static final int SNAPLEN = 262144;
    /** Largest frame the generator builds, with margin. */
    private static final int MAX_FRAME = 9000;

    private final OutputStream out;
    private final Format format;
    private final byte[] buf;
    private int pos;
    private int recordStart;
    private long timestampMicros;
    private long bytesWritten;
    private long packets;

    CaptureFileWriter(OutputStream out, Format format, int bufferSize) throws IOException {
        this.out = out;
        this.format = format;
        this.buf = new byte[bufferSize];
        writeFileHeader();
    }

    byte[] buffer() {
        return buf;
    }

    long packets() {
        return packets;
    }

    /** Bytes handed to the output stream plus bytes still buffered. */
    long size() {
        return bytesWritten + pos;
    }

    /** Reserves a record header; returns the buffer offset where the frame starts. */
    int beginFrame(long tsMicros) throws IOException {
        if (buf.length - pos < MAX_FRAME + 64) {
            flush();
        }
        recordStart = pos;
        timestampMicros = tsMicros;
        return pos + (format == Format.PCAP ? 16 : 28);
    }

    /** Completes the record whose frame (of {@code frameLength} bytes) was written after {@link #beginFrame}. */
    void endFrame(int frameLength) {
        int r = recordStart;
        if (format == Format.PCAP) {
            putLe32(buf, r, (int) (timestampMicros / 1_000_000L));
            putLe32(buf, r + 4, (int) (timestampMicros % 1_000_000L));
            putLe32(buf, r + 8, frameLength);
            putLe32(buf, r + 12, frameLength);
            pos = r + 16 + frameLength;
        } else {
            int padded = (frameLength + 3) & ~3;
            int total = 28 + padded + 4;
            putLe32(buf, r, 0x00000006); // Enhanced Packet Block
            putLe32(buf, r + 4, total);
            putLe32(buf, r + 8, 0); // interface 0
            putLe32(buf, r + 12, (int) (timestampMicros >>> 32));
            putLe32(buf, r + 16, (int) timestampMicros);
            putLe32(buf, r + 20, frameLength);
            putLe32(buf, r + 24, frameLength);
            int end = r + 28 + frameLength;
            for (int i = end; i < r + 28 + padded; i++) {
                buf[i] = 0;
            }
            putLe32(buf, r + 28 + padded, total);
            pos = r + total;
        }
        packets++;
    }

    private void writeFileHeader() throws IOException {
        if (format == Format.PCAP) {
            putLe32(buf, 0, 0xa1b2c3d4);
            putLe16(buf, 4, 2);
            putLe16(buf, 6, 4);
            putLe32(buf, 8, 0);
            putLe32(buf, 12, 0);
            putLe32(buf, 16, SNAPLEN);
            putLe32(buf, 20, LINKTYPE_ETHERNET);
            pos = 24;
        } else {
            // Section Header Block (pcapng spec §4.1), no options.
            putLe32(buf, 0, 0x0A0D0D0A);
            putLe32(buf, 4, 28);
            putLe32(buf, 8, 0x1A2B3C4D);
            putLe16(buf, 12, 1);
            putLe16(buf, 14, 0);
            putLe32(buf, 16, -1);
            putLe32(buf, 20, -1);
            putLe32(buf, 24, 28);
            // Interface Description Block (§4.2): Ethernet, default if_tsresol (microseconds), no options.
            putLe32(buf, 28, 0x00000001);
            putLe32(buf, 32, 20);
            putLe16(buf, 36, LINKTYPE_ETHERNET);
            putLe16(buf, 38, 0);
            putLe32(buf, 40, SNAPLEN);
            putLe32(buf, 44, 20);
            pos = 48;
        }
    }

    void flush() throws IOException {
        out.write(buf, 0, pos);
        bytesWritten += pos;
        pos = 0;
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }

    static void putLe32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

    static void putLe16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }
}
