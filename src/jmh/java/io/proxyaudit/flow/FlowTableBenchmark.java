package io.proxyaudit.flow;

import io.proxyaudit.bench.ByteAndPacketRates;
import io.proxyaudit.bench.SyntheticCapture;
import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.decode.DecodeCounters;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.decode.PacketDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The flow stage over the packets of a synthetic capture held in memory: {@code decode} alone (baseline),
 * {@code flows} = decode + {@link FlowTracker#onPacket} (5-tuple lookup, state, stream-head reassembly, TLS/HTTP/DNS
 * parsing once per flow) + finish, and {@code pipeline} = the whole {@link FlowPipeline} over the capture file
 * (page cache; reader included) - the in-process processing rate without JVM start-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class FlowTableBenchmark {
    @Param({"flows", "pipeline"})
    public String stage;

    private Path file;
    private byte[] frames;
    private int[] offsets;
    private int[] lengths;
    private long[] stamps;
    private int count;
    private long fileBytes;
    private final PacketRecord record = new PacketRecord();
    private final DecodedPacket packet = new DecodedPacket();


    private static final FlowSink DISCARD = new FlowSink() {
        @Override
        public void onFlow(FlowRecord flow) {}

        @Override
        public void onDns(DnsLookup lookup) {}
    };

    @Setup
    public void setup() throws IOException {
        byte[] capture = SyntheticCapture.generateBytes(64L << 20, false, 1);
        file = Files.createTempFile("flow-bench", ".pcap");
        Files.write(file, capture);
        fileBytes = capture.length;
        frames = new byte[capture.length];
        offsets = new int[capture.length / 40];
        lengths = new int[offsets.length];
        stamps = new long[offsets.length];
        int pos = 0;
        try (CaptureReader r = CaptureOpener.open(file.toString(), CaptureListener.NONE, ReaderOptions.defaults())) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                System.arraycopy(rec.data, rec.offset, frames, pos, rec.capturedLength);
                offsets[count] = pos;
                lengths[count] = rec.capturedLength;
                stamps[count] = rec.timestampNanos;
                pos += rec.capturedLength;
                count++;
            }
        }
        offsets = Arrays.copyOf(offsets, count);
        record.data = frames;
        record.linkType = 1;
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long run(ByteAndPacketRates rates) throws IOException {
        if (stage.equals("pipeline")) {
            FlowPipeline.Result r = new FlowPipeline(FlowOptions.defaults(), ReaderOptions.defaults()).run(file.toString(),
                    DISCARD);
            rates.packets += count;
            rates.bytes += fileBytes;
            return r.summary().packets();
        }
        PacketDecoder decoder = new PacketDecoder(new DecodeCounters());
        FlowTracker table = new FlowTracker(FlowOptions.defaults(), DISCARD);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            record.offset = offsets[i];
            record.capturedLength = lengths[i];
            record.originalLength = lengths[i];
            record.timestampNanos = stamps[i];
            record.number = i + 1;
            if (decoder.decode(record, packet) == PacketDecoder.STATUS_TRANSPORT) {
                table.onPacket(packet);
            }
            bytes += lengths[i];
        }
        table.finish();
        rates.packets += count;
        rates.bytes += bytes;
        return table.counters().tcpFlows;
    }
}
