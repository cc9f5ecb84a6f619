package io.proxyaudit.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * {@code --bpf} for the pure-Java reader: libpcap compiles the tcpdump-syntax expression
 * ({@code pcap_compile_nopcap}) once per link type and runs it with {@code bpf_filter} on each record.
 * The record is copied into reused arrays (one per power-of-two size) because JNA passes whole arrays.
 */
final class BpfFilters {
    private BpfFilters() {}

    /**
     * Throws a one-line IOException, the reason only (libpcap missing, or its compiler's message), when
     * {@code expression} does not compile for Ethernet; a command checks {@code --bpf} this way before any work.
     */
    static void check(String expression) throws IOException {
        Libpcap.require("--bpf", "or leave out --bpf (libpcap compiles the filter with either reader)");
        try {
            compileFor(expression, 1);
        } catch (IOException e) {
            throw new IOException(compilerMessage(e.getCause() == null ? e : e.getCause()));
        }
    }

    /** libpcap's words without pcap4j's prefix ("Error occurred in pcap_compile(): "), first line only. */
    static String compilerMessage(Throwable e) {
        String m = e.getMessage() == null ? "not a valid filter" : e.getMessage();
        int colon = m.indexOf("): ");
        if (m.startsWith("Error occurred in") && colon > 0) {
            m = m.substring(colon + 3);
        } else if (m.startsWith("Error occurred in") && m.indexOf(": ") > 0) {
            m = m.substring(m.indexOf(": ") + 2); // "Error occurred in pcap_compile: " (pcap4j's setFilter)
        }
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    static PacketFilter compile(String expression, CaptureReader reader) throws IOException {
        Libpcap.require("--bpf", "or leave out --bpf (libpcap compiles the filter with either reader)");
        CompiledFilter f = new CompiledFilter(expression);
        f.program(1); // reject a bad expression now, with a clear message, not at the first packet
        return f;
    }

    /**
     * A tcpdump-syntax filter compiled for a link type; the one-line message when it does not compile.
     * Compiled against a header-only savefile rather than {@code pcap_open_dead}: libpcap's code generator
     * only accepts every BSD AF_INET6 value (24, 28, 30) for NULL/LOOP when it reads a savefile
     * (gencode.c, gen_linktype), and it maps LINKTYPE_RAW to the platform's DLT_RAW the same way.
     */
    static BpfProgram compileFor(String expression, int linkType) throws IOException {
        Path header = Files.createTempFile("proxyaudit-bpf-", ".pcap");
        try {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
            b.putInt(ClassicPcapReader.MAGIC_USEC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(262_144).putInt(linkType);
            Files.write(header, b.array());
            PcapHandle h = Pcaps.openOffline(header.toString());
            try {
                return h.compileFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            } finally {
                h.close();
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new IOException("bad --bpf filter \"" + expression + "\" for link type " + linkType + " ("
                    + LinkTypes.name(linkType) + "): " + compilerMessage(e), e);
        } finally {
            Files.deleteIfExists(header);
        }
    }

    private static final class CompiledFilter implements PacketFilter {
        private final String expression;
        private final Map<Integer, BpfProgram> programs = new HashMap<>();
        private int lastLinkType = Integer.MIN_VALUE;
        private BpfProgram last;
        private final byte[][] buffers = new byte[20][];

        CompiledFilter(String expression) {
            this.expression = expression;
        }

        BpfProgram program(int linkType) throws IOException {
            BpfProgram p = programs.get(linkType);
            if (p == null) {
                p = compileFor(expression, linkType);
                programs.put(linkType, p);
            }
            return p;
        }

        @Override
        public boolean accept(PacketRecord r) {
            if (r.linkType != lastLinkType) {
                try {
                    last = program(r.linkType);
                } catch (IOException e) {
                    // an expression that has no meaning for this link type (e.g. "ether host" on raw IP) matches nothing
                    last = null;
                }
                lastLinkType = r.linkType;
            }
            if (last == null) {
                return false;
            }
            int len = r.capturedLength;
            int bucket = 32 - Integer.numberOfLeadingZeros(Math.max(len, 64) - 1);
            byte[] buf = buffers[bucket];
            if (buf == null) {
                buf = new byte[1 << bucket];
                buffers[bucket] = buf;
            }
            System.arraycopy(r.data, r.offset, buf, 0, len);
            return last.applyFilter(buf, r.originalLength, len);
        }
    }
}
