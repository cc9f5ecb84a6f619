package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowPipeline;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Floods generated on the fly and streamed as standard input: millions of distinct flows through a small
 * flow table, a million out-of-order segments on one connection. The table and the reassembly buffer stay
 * bounded, every eviction and drop is counted, and what came before the flood is still reported.
 */
class FlowFloodTest {
    private static final long FLOWS = Long.getLong("proxyaudit.flood.flows", 2_000_000L);
    private static final int MAX_FLOWS = 1000;
    private static final int CLIENT = 0x0A000001; // 10.0.0.1
    private static final int SERVER = 0xC0000201; // 192.0.2.1

    /** Counts flows; keeps only the first few. */
    static final class CountingSink implements FlowSink {
        long flows;
        long dns;
        final FlowRecord[] first = new FlowRecord[8];

        @Override
        public void onFlow(FlowRecord flow) {
            if (flows < first.length) {
                first[(int) flows] = flow;
            }
            flows++;
        }

        @Override
        public void onDns(DnsLookup lookup) {
            dns++;
        }
    }

    private static FlowPipeline.Result runStdin(InputStream in, FlowOptions options, FlowSink sink) throws IOException {
        InputStream old = System.in;
        System.setIn(in);
        try {
            return new FlowPipeline(options, ReaderOptions.defaults()).run("-", sink);
        } finally {
            System.setIn(old);
        }
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    @Timeout(180)
    void millionsOfDistinctFlowsThroughASmallTable() throws IOException {
        // one SYN per flow: a distinct source address and port each time
        InputStream cap = new SyntheticCapture(FLOWS) {
            @Override
            int packet(long i, byte[] b, int off) {
                return SyntheticCapture.tcp4(b, off, CLIENT + (int) (i >> 14), SERVER, 1024 + (int) (i & 0x3fff), 443,
                        1000, 0, 0x02, 0);
            }
        };
        CountingSink sink = new CountingSink();
        long before = heapUsed();
        long t0 = System.nanoTime();
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        FlowPipeline.Result r = runStdin(cap, FlowOptions.defaults().withMaxLiveFlows(MAX_FLOWS), sink);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long cpuMillis = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0)
                / 1_000_000;
        assertEquals(FLOWS, r.summary().packets());
        assertEquals(FLOWS, sink.flows, "every flow is reported: evicted ones when evicted, the rest at the end");
        assertEquals(FLOWS - MAX_FLOWS, r.flowCounters().get("flows_evicted"), "evictions counted");
        assertEquals(FLOWS - MAX_FLOWS, r.summary().counters().get("flows_evicted"), "and in the capture summary");
        // the earliest flows were evicted first, in order, with what they had seen
        for (int i = 0; i < sink.first.length; i++) {
            FlowRecord f = sink.first[i];
            assertNotNull(f);
            assertEquals(1024 + i, f.clientPort(), "flow " + i + " reported in arrival order");
            assertEquals("10.0.0.1", f.clientIp());
            assertEquals(443, f.serverPort());
            assertEquals(1, f.synCount());
        }
        long grown = heapUsed() - before;
        assertTrue(grown < 256L << 20, "heap grew by " + (grown >> 20) + " MB for a table of " + MAX_FLOWS);
        System.out.println("flood: " + FLOWS + " flows in " + millis + " ms (" + cpuMillis + " ms CPU)");
    }

    @Test
    @Timeout(60)
    void millionOutOfOrderSegmentsOnOneConnection() throws IOException {
        long segments = Long.getLong("proxyaudit.flood.segments", 1_000_000L);
        byte[] request = "GET /early HTTP/1.1\r\nHost: early.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        long isn = 5000;
        long sisn = 9000;
        InputStream cap = new SyntheticCapture(3 + segments) {
            @Override
            int packet(long i, byte[] b, int off) {
                if (i == 0) {
                    return tcp4(b, off, CLIENT, SERVER, 40000, 80, isn, 0, 0x02, 0);
                }
                if (i == 1) {
                    return tcp4(b, off, SERVER, CLIENT, 80, 40000, sisn, isn + 1, 0x12, 0);
                }
                if (i == 2) { // the request, in order
                    System.arraycopy(request, 0, b, off + 40, request.length);
                    return tcp4(b, off, CLIENT, SERVER, 40000, 80, isn + 1, sisn + 1, 0x18, request.length);
                }
                // then 1-byte segments beyond a hole that never fills, at every other offset of the window
                long k = i - 3;
                long at = isn + 1 + request.length + 2 + 2 * (k % 30_000);
                b[off + 40] = 'x';
                return tcp4(b, off, CLIENT, SERVER, 40000, 80, at, sisn + 1, 0x18, 1);
            }
        };
        CountingSink sink = new CountingSink();
        long before = heapUsed();
        FlowPipeline.Result r = runStdin(cap, FlowOptions.defaults(), sink);
        assertEquals(1, sink.flows);
        FlowRecord f = sink.first[0];
        assertEquals(1, f.http().size(), "the request before the flood is kept");
        assertEquals("early.example", f.http().get(0).host());
        long ooo = r.summary().counters().get("tcp_out_of_order_segments");
        long dropped = r.summary().counters().get("tcp_out_of_order_dropped");
        assertTrue(ooo + r.summary().counters().get("tcp_retransmitted_segments") >= segments - 100,
                "out-of-order segments counted: " + r.summary().counters());
        assertTrue(dropped >= segments - 30_000 - FlowOptions.DEFAULT_MAX_OOO_RANGES,
                "segments beyond the range table are dropped and counted: " + dropped);
        long grown = heapUsed() - before;
        assertTrue(grown < 64L << 20, "heap grew by " + (grown >> 20) + " MB");
    }
}
