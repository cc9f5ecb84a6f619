package io.proxyaudit.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * The second backend: libpcap through pcap4j ({@code pcap_open_offline}, {@code pcap_next_ex}).
 * Standard input and gzip-compressed captures are first copied (decompressed, within
 * {@code --max-gzip-bytes}) to a temporary file that is deleted on close. Like tshark, libpcap stops
 * at the first damaged record; that becomes a warning. Packets come through {@link PcapNextEx} (a direct
 * {@code pcap_next_ex} call into one reused buffer) where it is available, else through pcap4j's call, which
 * allocates per packet. The Java reader is still the faster one.
 */
final class LibpcapReader implements CaptureReader {
    private final PcapHandle handle;
    /** pcap_next_ex without pcap4j's per-packet objects, where available (else null: pcap4j's call). */
    private final PcapNextEx fast;
    private final SummaryBuilder sum;
    private final Path temp;
    private long number;
    private boolean done;
    /** Why copying a gzip file or a pipe to the temporary file stopped early (thrown at the end), or null. */
    private final IOException inputError;

    private LibpcapReader(PcapHandle handle, SummaryBuilder sum, Path temp, IOException inputError) {
        this.handle = handle;
        this.fast = PcapNextEx.attach(handle);
        this.sum = sum;
        this.temp = temp;
        this.inputError = inputError;
    }

    static CaptureReader open(String pathOrDash, CaptureListener listener, ReaderOptions options) throws IOException {
        Libpcap.require("--reader libpcap");
        String name = CaptureOpener.displayName(pathOrDash);
        SummaryBuilder sum = new SummaryBuilder(name, listener);
        Path temp = null;
        String path = pathOrDash;
        byte[] head = new byte[16];
        int n;
        IOException inputError = null;
        try (InputStream in = "-".equals(pathOrDash) ? null : Files.newInputStream(Path.of(pathOrDash))) {
            n = in == null ? -1 : in.readNBytes(head, 0, head.length);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException(IoReason.of(e));
        }
        boolean gzip = n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        if (n < 0 || gzip) {
            temp = Files.createTempFile("proxyaudit-", ".pcap");
            try (InputStream raw = n < 0 ? System.in : Files.newInputStream(Path.of(pathOrDash));
                    OutputStream out = Files.newOutputStream(temp)) {
                InputStream in = raw;
                if (n < 0) {
                    in = new java.io.BufferedInputStream(raw);
                    in.mark(2);
                    int a = in.read();
                    int b = in.read();
                    in.reset();
                    gzip = a == 0x1f && b == 0x8b;
                }
                if (gzip) {
                    in = new LimitedInputStream(new GZIPInputStream(in, 1 << 16), options.maxGzipBytes());
                    sum.compression = "gzip";
                }
                in.transferTo(out);
                if (in instanceof LimitedInputStream l && l.limitReached()) {
                    sum.warn(-1, "gzip-limit", "stopped after " + options.maxGzipBytes()
                            + " decompressed bytes (--max-gzip-bytes); the rest of the capture was not read");
                }
            } catch (IOException e) {
                inputError = new IOException(IoReason.of(e), e);
            }
            path = temp.toString();
            try (InputStream in = Files.newInputStream(temp)) {
                n = in.readNBytes(head, 0, head.length);
            }
        }
        try {
            describe(sum, head, n);
            PcapHandle h;
            try {
                h = Pcaps.openOffline(path, PcapHandle.TimestampPrecision.NANO);
            } catch (PcapNativeException e) {
                throw new CaptureFormatException("libpcap cannot read it: " + oneLine(e));
            }
            if (options.bpf() != null) {
                try {
                    h.setFilter(options.bpf(), BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException | NotOpenException e) {
                    h.close();
                    throw new IOException("bad --bpf filter \"" + options.bpf() + "\": " + oneLine(e));
                }
            }
            return new LibpcapReader(h, sum, temp, inputError);
        } catch (IOException | RuntimeException e) {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
            throw e;
        }
    }

    /** Format, byte order and resolution from the file header (libpcap does not tell them). */
    private static void describe(SummaryBuilder sum, byte[] h, int n) {
        if (n < 12) {
            return;
        }
        int be = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
        if (be == PcapngReader.SHB) {
            sum.format = "pcapng";
            sum.byteOrder(h[8] == 0x4d);
        } else if (be == ClassicPcapReader.MAGIC_USEC || be == ClassicPcapReader.MAGIC_NSEC) {
            sum.format = "pcap";
            sum.byteOrder(false);
            sum.tsResolution(be == ClassicPcapReader.MAGIC_NSEC ? "ns" : "us");
        } else if (Integer.reverseBytes(be) == ClassicPcapReader.MAGIC_USEC
                || Integer.reverseBytes(be) == ClassicPcapReader.MAGIC_NSEC) {
            sum.format = "pcap";
            sum.byteOrder(true);
            sum.tsResolution(Integer.reverseBytes(be) == ClassicPcapReader.MAGIC_NSEC ? "ns" : "us");
        }
    }

    private static String oneLine(Exception e) {
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** libpcap's message without pcap4j's prefix, first line only. */
    private static String oneLine(String message) {
        String m = message.replace("Error occurred in pcap_next_ex(): ", "");
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    @Override
    public boolean next(PacketRecord r) throws IOException {
        if (done) {
            return false;
        }
        if (fast != null) {
            int rc = fast.next(r);
            if (rc == PcapNextEx.EOF) {
                return end();
            }
            if (rc != PcapNextEx.OK) {
                done = true;
                String msg = null;
                try {
                    msg = rc == 0 ? "pcap_next_ex timed out" : handle.getError();
                } catch (NotOpenException e) {
                    // no message to add
                }
                return stopped(oneLine(msg == null ? "pcap_next_ex returned " + rc : msg));
            }
        } else if (!nextFromPcap4j(r)) {
            return false;
        }
        r.linkType = linkTypeOf(handle.getDlt().value());
        r.interfaceId = 0;
        r.fileOffset = -1;
        r.number = ++number;
        sum.linkType(r.linkType);
        sum.packet(r);
        return true;
    }

    /**
     * libpcap stopped with an error ({@code msg}: one line): a warning, or a clear error for the one case the Java
     * reader handles.
     */
    private boolean stopped(String msg) throws IOException {
        if (msg.contains("different from the type of the first interface")) {
            throw new IOException("libpcap cannot read it: its interfaces have different link types ("
                    + msg + "); use the default --reader java");
        }
        sum.warn(-1, "libpcap-error", "libpcap stopped after " + number + " packets: " + msg);
        return false;
    }

    /** The end of the file: false, or the copy's error when the input stopped early ({@link CaptureReader#next}). */
    private boolean end() throws IOException {
        done = true;
        if (inputError != null) {
            throw inputError;
        }
        return false;
    }

    /** For tests: whether packets come through {@link PcapNextEx}. */
    boolean usesDirectCall() {
        return fast != null;
    }

    /** pcap4j's own call (a fresh array and Timestamp per packet): where {@link PcapNextEx} is not available. */
    private boolean nextFromPcap4j(PacketRecord r) throws IOException {
        byte[] raw;
        try {
            raw = handle.getNextRawPacketEx();
        } catch (EOFException e) {
            return end();
        } catch (PcapNativeException e) {
            done = true;
            return stopped(oneLine(e));
        } catch (TimeoutException | NotOpenException e) {
            done = true;
            return stopped(oneLine(e));
        }
        fill(r, raw, handle);
        return true;
    }

    /** A packet pcap4j returned, with the time stamp and length its handle holds for it, into {@code r}. */
    static void fill(PacketRecord r, byte[] raw, PcapHandle handle) {
        Timestamp ts = handle.getTimestamp();
        r.data = raw;
        r.offset = 0;
        r.capturedLength = raw.length;
        Integer orig = handle.getOriginalLength();
        r.originalLength = orig == null ? raw.length : orig;
        r.timestampNanos = ts == null ? Long.MIN_VALUE
                : Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
    }

    /** libpcap reports DLT_* values; a few differ from the LINKTYPE_* values in files (pcap-common.c). */
    static int linkTypeOf(int dlt) {
        return switch (dlt) {
            case 12, 14 -> 101; // DLT_RAW (BSD / OpenBSD values) is LINKTYPE_RAW
            case 11 -> 100; // DLT_ATM_RFC1483
            default -> dlt;
        };
    }

    @Override
    public CaptureSummary summary() {
        if (sum.packets == 0 && handle.isOpen()) {
            sum.linkType(linkTypeOf(handle.getDlt().value()));
        }
        return sum.build();
    }

    @Override
    public void close() throws IOException {
        handle.close();
        if (temp != null) {
            Files.deleteIfExists(temp);
        }
    }
}
