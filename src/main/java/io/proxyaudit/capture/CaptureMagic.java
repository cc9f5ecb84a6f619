package io.proxyaudit.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Whether a file starts like a capture, from its first bytes: how {@code batch} and the Spark job tell captures from
 * the other files of a directory they search (sidecars, logs, truth files).
 */
public final class CaptureMagic {
    private static final int PCAP_US = 0xA1B2C3D4;
    private static final int PCAP_NS = 0xA1B23C4D;
    private static final int PCAP_KUZNETZOV = 0xA1B2CD34;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;

    private CaptureMagic() {}

    /**
     * Null when the file starts like a capture (or like a gzip file we cannot peek into), else why not, in words.
     * {@code open} is called once, and once more for a gzip file (to look at its decompressed start).
     */
    public static String notCaptureReason(CaptureSource.StreamOpener open) {
        byte[] head;
        try (InputStream in = open.open()) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            return "cannot read: " + IoReason.of(e);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            byte[] inner;
            try (InputStream in = new GZIPInputStream(open.open(), 512)) {
                inner = in.readNBytes(4);
            } catch (IOException e) {
                return null; // a damaged gzip file may be a damaged capture: analyse it and report what is wrong
            }
            return isCaptureMagic(inner) ? null : "gzip file without a pcap or pcapng inside";
        }
        if (isCaptureMagic(head)) {
            return null;
        }
        if (head.length < 4) {
            return "not a capture (" + head.length + " bytes)";
        }
        return String.format(Locale.ROOT, "not a capture (starts with 0x%02x%02x%02x%02x)", head[0], head[1], head[2],
                head[3]);
    }

    /** The first four bytes are a pcap magic (either byte order, µs or ns, Kuznetzov) or a pcapng section header. */
    public static boolean isCaptureMagic(byte[] b) {
        if (b.length < 4) {
            return false;
        }
        int be = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int le = Integer.reverseBytes(be);
        for (int m : new int[] {PCAP_US, PCAP_NS, PCAP_KUZNETZOV}) {
            if (be == m || le == m) {
                return true;
            }
        }
        return be == PCAPNG_SHB; // the block type reads the same in both byte orders
    }
}
