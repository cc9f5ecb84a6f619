package io.proxyaudit.flow;

import static io.proxyaudit.flow.Packets.ACK;
import static io.proxyaudit.flow.Packets.PSH;
import static io.proxyaudit.flow.Packets.SYN;
import static io.proxyaudit.flow.Packets.tcp;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.decode.DecodedPacket;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-packet path of an established flow allocates nothing (HotSpot's per-thread allocation counter). */
class FlowTrackerAllocationTest {
    @Test
    void establishedFlowPacketsDoNotAllocate() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no allocation counter on this JVM");
        com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(hs.isThreadAllocatedMemorySupported() && hs.isThreadAllocatedMemoryEnabled());

        Packets.Sink sink = new Packets.Sink();
        FlowTracker table = new FlowTracker(FlowOptions.defaults(), sink);
        String c = "10.0.0.2";
        String s = "192.0.2.10";
        // 200 established TLS flows: handshake, ClientHello (parsing then stops), then bulk data both ways
        int flows = 200;
        DecodedPacket[] data = new DecodedPacket[flows * 2];
        byte[] hello = Packets.clientHello("example.org", "h2");
        byte[] bulk = new byte[1400];
        for (int i = 0; i < flows; i++) {
            int port = 20000 + i;
            table.onPacket(tcp(1, c, port, s, 443, SYN, 100, 0, null));
            table.onPacket(tcp(1, s, 443, c, port, SYN | ACK, 900, 101, null));
            table.onPacket(tcp(1, c, port, s, 443, ACK | PSH, 101, 901, hello));
            table.onPacket(tcp(1, s, 443, c, port, ACK | PSH, 901, 101 + hello.length, Packets.serverHello()));
            data[2 * i] = tcp(2, c, port, s, 443, ACK | PSH, 101 + hello.length, 901, bulk);
            data[2 * i + 1] = tcp(2, s, 443, c, port, ACK, 901, 101 + hello.length, null);
        }
        long tid = Thread.currentThread().getId();
        // warm up (JIT), then measure
        for (int round = 0; round < 50; round++) {
            for (DecodedPacket p : data) {
                p.seq = (p.seq + (p.payloadLength)) & 0xFFFFFFFFL;
                table.onPacket(p);
            }
        }
        long before = hs.getThreadAllocatedBytes(tid);
        int packets = 0;
        for (int round = 0; round < 200; round++) {
            for (DecodedPacket p : data) {
                p.seq = (p.seq + (p.payloadLength)) & 0xFFFFFFFFL;
                table.onPacket(p);
                packets++;
            }
        }
        long allocated = hs.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for " + packets + " packets");
    }
}
