package io.proxyaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowCounters;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import io.proxyaudit.flow.FlowTracker;

/**
 * Fuzzes the flow table (TCP reassembly, TLS/HTTP/DNS parsing on stream heads, DNS matching) with packets
 * between two hosts on a few ports, so connections, retransmissions, overlaps and holes arise. The
 * pipeline counts an exception as a packet error and goes on; here one fails the test, so it is found.
 */
class FlowTrackerFuzzTest {
    private static final int[] PORTS = {80, 443, 53, 3128, 40000, 40001};

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void packets(FuzzedDataProvider in) {
        FlowOptions options = FlowOptions.defaults().withMaxLiveFlows(in.consumeInt(1, 8))
                .withStreamHeadBytes(in.consumeInt(64, 4096)).withMaxOutOfOrderRanges(in.consumeInt(0, 8));
        long[] flows = {0};
        FlowSink sink = new FlowSink() {
            @Override
            public void onFlow(FlowRecord f) {
                flows[0]++;
                assertTrue(f.endNanos() >= f.startNanos() || f.startNanos() == Long.MIN_VALUE, "flow times");
                assertTrue(f.http().size() <= FlowOptions.DEFAULT_MAX_HTTP_PER_FLOW, "http bounded");
            }

            @Override
            public void onDns(DnsLookup lookup) {}
        };
        FlowTracker table = new FlowTracker(options, sink);
        DecodedPacket p = new DecodedPacket();
        long ts = 1_700_000_000_000_000_000L;
        int n = in.consumeInt(1, 64);
        for (int i = 0; i < n && in.remainingBytes() > 0; i++) {
            boolean fromA = in.consumeBoolean();
            p.ipVersion = 4;
            java.util.Arrays.fill(p.srcAddr, (byte) 0);
            java.util.Arrays.fill(p.dstAddr, (byte) 0);
            p.srcAddr[0] = 10;
            p.srcAddr[3] = (byte) (fromA ? 1 : 2);
            p.dstAddr[0] = 10;
            p.dstAddr[3] = (byte) (fromA ? 2 : 1);
            p.ipProtocol = in.consumeBoolean() ? DecodedPacket.PROTO_TCP : DecodedPacket.PROTO_UDP;
            p.srcPort = in.pickValue(PORTS);
            p.dstPort = in.pickValue(PORTS);
            p.tcpFlags = in.consumeInt(0, 0x3f);
            p.seq = in.consumeInt(0, 4096) + (in.consumeBoolean() ? 0xFFFFF000L : 0L);
            p.ack = in.consumeInt(0, 4096) & 0xffffffffL;
            p.window = 65535;
            ts += in.consumeLong(0, 400_000_000_000L);
            p.timestampNanos = ts;
            p.number = i + 1;
            byte[] payload = in.consumeBytes(in.consumeInt(0, 1500));
            p.payload = payload;
            p.payloadOffset = 0;
            p.payloadLength = payload.length;
            p.payloadWireLength = payload.length;
            p.frameLength = payload.length + 54;
            table.onPacket(p);
        }
        table.finish();
        FlowCounters c = table.counters();
        assertTrue(c.tcpFlows + c.udpFlows >= flows[0] - 0, "flows counted: " + c.asMap());
        assertTrue(c.parserErrors == 0, "a parser threw: " + c.asMap());
    }
}
