package io.proxyaudit.flow;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stream-head reassembly of one TCP direction as in a TLS download: a 1.5 KB ClientHello-sized head in two
 * segments that a consumer waits for (then stops), followed by bulk segments that must pass cheaply.
 * {@code order}: in order, the two head segments swapped, or every 50th segment retransmitted.
 * One operation is one flow direction of {@code segments} segments (a new reassembler each time, as per flow).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StreamReassemblerBenchmark {
    private static final int MSS = 1448;
    private static final int HEAD = 1530;

    @Param({"in-order", "head-swapped", "retransmits"})
    public String order;

    @Param({"8", "200"})
    public int segments;

    private byte[] stream;
    private long[] seqs;
    private int[] offs;
    private int[] lens;
    private final FlowCounters counters = new FlowCounters();

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        public long segments;

        @Setup(Level.Iteration)
        public void reset() {
            segments = 0;
        }
    }

    /** Waits for a whole TLS record (5-byte header + length) like the ClientHello parser, then stops. */
    private static final class HeadConsumer implements StreamReassembler.Consumer {
        int seen;

        @Override
        public void onData(StreamReassembler s, byte[] buf, int off, int len) {
            if (len >= 5) {
                int need = 5 + (((buf[off + 3] & 0xff) << 8) | (buf[off + 4] & 0xff));
                if (len >= need) {
                    seen = need;
                    s.stop();
                }
            }
        }
    }

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(1);
        int total = HEAD + (segments - 2) * MSS;
        stream = new byte[total];
        for (int i = 0; i < total; i++) {
            stream[i] = (byte) rnd.nextInt(256);
        }
        stream[0] = 0x16;
        stream[1] = 3;
        stream[2] = 1;
        stream[3] = (byte) ((HEAD - 5) >>> 8);
        stream[4] = (byte) (HEAD - 5);
        long isn = 0xFFFF_F000L; // wraps inside the flow
        java.util.List<int[]> segs = new java.util.ArrayList<>();
        for (int o = 0; o < total; ) {
            int len = Math.min(MSS, total - o);
            segs.add(new int[] {o, len});
            o += len;
        }
        if (order.equals("head-swapped")) {
            int[] t = segs.get(0);
            segs.set(0, segs.get(1));
            segs.set(1, t);
        } else if (order.equals("retransmits")) {
            for (int i = segs.size() - 1; i > 0; i--) {
                if (i % 50 == 0) {
                    segs.add(i + 1, segs.get(i));
                }
            }
        }
        seqs = new long[segs.size()];
        offs = new int[segs.size()];
        lens = new int[segs.size()];
        for (int i = 0; i < segs.size(); i++) {
            offs[i] = segs.get(i)[0];
            lens[i] = segs.get(i)[1];
            seqs[i] = (isn + 1 + offs[i]) & 0xFFFFFFFFL;
        }
    }

    @Benchmark
    public int oneDirection(Rates rates) {
        StreamReassembler r = new StreamReassembler(FlowOptions.DEFAULT_STREAM_HEAD_BYTES,
                FlowOptions.DEFAULT_MAX_OOO_RANGES, counters);
        HeadConsumer c = new HeadConsumer();
        r.setConsumer(c);
        r.setInitialSequence(0xFFFF_F000L);
        for (int i = 0; i < seqs.length; i++) {
            r.onSegment(seqs[i], stream, offs[i], lens[i]);
        }
        r.flush();
        rates.segments += seqs.length;
        return c.seen;
    }
}
