package io.proxyaudit.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.capture.CaptureBytes;
import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-packet path (reader + decoder) allocates nothing: reading 20,000 more packets must not
 * allocate more than a fixed amount (buffers are sized once per capture).
 */
class HotPathAllocationTest {
    @TempDir
    Path dir;

    private static byte[] frame(int i, boolean v6) {
        byte[] tcp = Frames.tcp(40000 + i % 100, 443, i, 1, DecodedPacket.TCP_ACK, 12, new byte[100 + i % 50]);
        byte[] ip = v6 ? Frames.ipv6(6, Frames.ip6(1), Frames.ip6(2), tcp) : Frames.ipv4(6, tcp);
        return Frames.ethernet(v6 ? 0x86DD : 0x0800, ip);
    }

    private Path capture(int packets, boolean pcapng) throws Exception {
        CaptureBytes b = pcapng ? CaptureBytes.create().shb(true).idb(1, 0, 9, 0)
                : CaptureBytes.create().pcapHeader(true, false, 65535, 1);
        for (int i = 0; i < packets; i++) {
            byte[] f = frame(i, i % 3 == 0);
            if (pcapng) {
                b.epb(0, 1_700_000_000_000_000_000L + i, f, f.length);
            } else {
                b.pcapRecord(1_700_000_000L + i / 1000, i % 1000, f, f.length);
            }
        }
        return b.write(dir, packets + (pcapng ? ".pcapng" : ".pcap"));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long readAll(Path p) throws Exception {
        long before = allocatedBytes();
        DecodeCounters c = new DecodeCounters();
        PacketDecoder d = new PacketDecoder(c);
        DecodedPacket out = new DecodedPacket();
        PacketRecord rec = new PacketRecord();
        long tcp = 0;
        try (CaptureReader r = CaptureOpener.open(p.toString(), CaptureListener.NONE, ReaderOptions.defaults())) {
            while (r.next(rec)) {
                if (d.decode(rec, out) == PacketDecoder.STATUS_TRANSPORT) {
                    tcp++;
                }
            }
        }
        long used = allocatedBytes() - before;
        assertEquals(c.tcp, tcp);
        return used;
    }

    @Test
    void allocationDoesNotGrowWithPacketCount() throws Exception {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot measure thread allocation");
        for (boolean pcapng : new boolean[] {false, true}) {
            // both over 256 KiB, so both get the same read buffer (a smaller file gets a smaller one)
            Path small = capture(10_000, pcapng);
            Path large = capture(30_000, pcapng);
            readAll(small); // warm up (class loading, JIT)
            readAll(large);
            long a = readAll(small);
            long b = readAll(large);
            // 20,000 more packets may cost a few buffer refills, not bytes per packet
            assertTrue(b - a < 64 * 1024, (pcapng ? "pcapng" : "pcap") + ": 20,000 more packets allocated "
                    + (b - a) + " bytes (small " + a + ", large " + b + ")");
        }
    }
}
