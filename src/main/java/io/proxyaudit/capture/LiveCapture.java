package io.proxyaudit.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;

/**
 * A live capture through libpcap (pcap4j opens the device and compiles the filter; packets come through
 * {@link PcapNextEx} where available) written as pcapng on a thread of its own, for {@code proxyaudit run}.
 * The handle is non-blocking (on Linux a blocking read in immediate mode can wait forever for a packet that never
 * comes): an empty read sleeps {@value #POLL_MILLIS} ms. {@link #stop} ends it after draining what the kernel still
 * holds: it reads until nothing came for 100 ms or the drain time is over, whichever comes first.
 */
public final class LiveCapture implements AutoCloseable {
    /** libpcap's read timeout (unused in non-blocking mode, where an empty read returns at once). */
    private static final int READ_TIMEOUT_MILLIS = 100;
    /** How long the loop sleeps after an empty read. */
    private static final long POLL_MILLIS = 5;
    /** Drained: nothing came for this long after COMMAND exited. */
    private static final long QUIET_NANOS = 100_000_000L;
    public static final int SNAP_LENGTH = 262_144;

    private final PcapHandle handle;
    private final PcapNextEx fast;
    private final PcapngWriter writer;
    private final int linkType;
    private final Thread thread;
    private volatile long drainDeadline = Long.MAX_VALUE;
    private volatile boolean stopping;
    private long packets;
    private long bytes;
    private IOException failure;
    private boolean drainCut;

    /**
     * What a finished capture saw.
     *
     * @param droppedByKernel packets the kernel dropped because the buffer was full (pcap_stats ps_drop), -1 unknown
     * @param drainCut        true when the drain time ran out while packets were still arriving
     */
    public record Stats(long packets, long bytes, long droppedByKernel, boolean drainCut) {}

    private LiveCapture(PcapHandle handle, OutputStream out, String device) throws IOException {
        this.handle = handle;
        this.fast = PcapNextEx.attach(handle);
        this.linkType = LibpcapReader.linkTypeOf(handle.getDlt().value());
        this.writer = new PcapngWriter(out, linkType, SNAP_LENGTH, device);
        this.thread = new Thread(this::loop, "proxyaudit-capture");
        this.thread.setDaemon(true);
    }

    /**
     * Opens {@code device} ({@code any} for every interface), applies {@code bpf} (or none) and starts writing to
     * {@code out}. Throws a one-line IOException: libpcap missing, no capture rights (with what to grant), no such
     * device, a filter that does not compile.
     */
    public static LiveCapture start(String device, String bpf, OutputStream out) throws IOException {
        Libpcap.require("run", "(it captures through libpcap)");
        PcapHandle h;
        try {
            h = new PcapHandle.Builder(device).snaplen(SNAP_LENGTH)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS).immediateMode(true)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException e) {
            throw new IOException(openProblem(device, message(e)));
        }
        try {
            try {
                h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            } catch (PcapNativeException | NotOpenException e) {
                throw new IOException("cannot capture on " + device + ": " + message(e));
            }
            if (bpf != null) {
                h.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            LiveCapture c = new LiveCapture(h, out, device);
            c.thread.start();
            return c;
        } catch (PcapNativeException | NotOpenException e) {
            h.close();
            throw new IOException("bad --bpf filter \"" + bpf + "\": " + BpfFilters.compilerMessage(e));
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** libpcap's reason for not opening a device, with what to do about it. */
    static String openProblem(String device, String libpcapMessage) {
        String m = libpcapMessage;
        if (m.contains("ermission") || m.contains("not permitted")) {
            return "no capture rights on " + device + " (" + m + "): run it with sudo, or grant the capability once: "
                    + "sudo setcap cap_net_raw,cap_net_admin+eip $(readlink -f $(which java))";
        }
        if (m.contains("No such device") || m.contains("doesn't exist") || m.contains("not found")) {
            return "no network interface \"" + device + "\" (" + m + "): give one that 'ip link' lists, or any";
        }
        return "cannot capture on " + device + ": " + m;
    }

    private static String message(Exception e) {
        String m = e.getMessage() == null ? "libpcap gave no reason" : e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    private void loop() {
        PacketRecord r = new PacketRecord();
        long quietSince = 0;
        try {
            while (true) {
                boolean got = fast != null ? nextFast(r) : nextPcap4j(r);
                if (got) {
                    writer.packet(r.timestampNanos, r.data, r.offset, r.capturedLength, r.originalLength);
                    packets++;
                    bytes += r.capturedLength;
                    quietSince = 0;
                    if (stopping && System.nanoTime() > drainDeadline) {
                        drainCut = true;
                        return;
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (stopping) {
                    if (quietSince == 0) {
                        quietSince = now;
                    }
                    if (now - quietSince >= QUIET_NANOS) {
                        return;
                    }
                }
                if (stopping && now > drainDeadline) {
                    drainCut = true;
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True for a packet, false for a read timeout. */
    private boolean nextFast(PacketRecord r) throws IOException {
        int rc = fast.next(r);
        if (rc == PcapNextEx.OK) {
            return true;
        }
        if (rc == 0) {
            return false;
        }
        throw new IOException("the capture stopped: " + error(rc));
    }

    private boolean nextPcap4j(PacketRecord r) throws IOException {
        try {
            LibpcapReader.fill(r, handle.getNextRawPacketEx(), handle);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (PcapNativeException | EOFException | NotOpenException e) {
            throw new IOException("the capture stopped: " + message(e));
        }
    }

    private String error(int rc) {
        try {
            String m = handle.getError();
            return m == null || m.isEmpty() ? "pcap_next_ex returned " + rc : m;
        } catch (NotOpenException e) {
            return "pcap_next_ex returned " + rc;
        }
    }

    /** LINKTYPE_ of the device ({@code any}: 113, Linux cooked capture). */
    public int linkType() {
        return linkType;
    }

    /**
     * Stops after draining for at most {@code drainMillis}, waits for the thread and returns what was seen. Throws
     * the capture's own failure (a write error, libpcap stopping) as a one-line IOException.
     */
    public Stats stop(long drainMillis) throws IOException {
        drainDeadline = System.nanoTime() + drainMillis * 1_000_000L;
        stopping = true;
        try {
            thread.join(drainMillis + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IOException("the capture did not stop within " + (drainMillis + 1000) + " ms");
        }
        if (failure != null) {
            throw failure;
        }
        long dropped = -1;
        try {
            PcapStat s = handle.getStats();
            dropped = s.getNumPacketsDropped();
        } catch (PcapNativeException | NotOpenException e) {
            // unknown: reported as such
        }
        return new Stats(packets, bytes, dropped, drainCut);
    }

    @Override
    public void close() {
        stopping = true;
        drainDeadline = 0;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            handle.close();
        }
    }
}
