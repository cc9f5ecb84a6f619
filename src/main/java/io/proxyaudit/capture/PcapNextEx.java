package io.proxyaudit.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapHandle;

/**
 * {@code pcap_next_ex} through a JNA direct mapping, with every buffer reused: pcap4j's
 * {@code getNextRawPacketEx} allocates two JNA {@code Memory} objects with finalizers, a fresh array and a
 * {@code java.sql.Timestamp} per packet, which made the libpcap reader 8x slower than the Java one
 * (BENCHMARKS.md). pcap4j still opens the file and compiles the BPF filter; this class only borrows its
 * {@code pcap_t}. Used where the layout of {@code struct pcap_pkthdr} is known (64-bit little-endian
 * Linux/macOS: a 16-byte {@code struct timeval}, then caplen and len); elsewhere {@link #attach} returns null
 * and the reader keeps pcap4j's call.
 */
final class PcapNextEx {
    static final int OK = 1;
    static final int EOF = -2;
    private static final boolean AVAILABLE = register();

    private final Pointer pcap;
    /** Two pointer-sized out parameters: the header and the data pointers. */
    private final Memory out = new Memory(16);
    private final Pointer dataOut = out.share(8);
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);
    private final boolean nanos;
    private byte[] buf = new byte[65536];

    private PcapNextEx(Pointer pcap, boolean nanos) {
        this.pcap = pcap;
        this.nanos = nanos;
    }

    private static boolean register() {
        if (!Platform.is64Bit() || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN
                || !(Platform.isLinux() || Platform.isMac())) {
            return false;
        }
        try {
            // the library pcap4j loaded (same name and system property as its NativeMappings)
            Native.register(PcapNextEx.class,
                    NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);

    /** The fast call for {@code handle}, or null when it is not available here (the caller keeps pcap4j's). */
    static PcapNextEx attach(PcapHandle handle) {
        if (!AVAILABLE || Boolean.getBoolean("proxyaudit.pcap4jNext")) {
            return null;
        }
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            Pointer p = (Pointer) f.get(handle);
            if (p == null) {
                return null;
            }
            return new PcapNextEx(p, handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another pcap4j version: keep its own call
        }
    }

    /**
     * Reads the next packet into {@code r} (data in this object's buffer, reused, valid until the next call); returns
     * {@link #OK}, {@link #EOF}, or another libpcap code (-1: error, see pcap_geterr).
     */
    int next(PacketRecord r) {
        int rc = pcap_next_ex(pcap, out, dataOut);
        if (rc != OK) {
            return rc;
        }
        Pointer.nativeValue(header, out.getLong(0));
        Pointer.nativeValue(data, out.getLong(8));
        long sec = header.getLong(0);
        long frac = header.getInt(8) & 0xffffffffL; // tv_usec (a long on Linux, an int on macOS): low 32 bits
        int caplen = header.getInt(16);
        int len = header.getInt(20);
        if (caplen < 0) {
            return -1;
        }
        if (buf.length < caplen) {
            buf = new byte[caplen];
        }
        data.read(0, buf, 0, caplen);
        r.data = buf;
        r.offset = 0;
        r.capturedLength = caplen;
        r.originalLength = len < 0 ? Integer.MAX_VALUE : len;
        r.timestampNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        return OK;
    }
}
