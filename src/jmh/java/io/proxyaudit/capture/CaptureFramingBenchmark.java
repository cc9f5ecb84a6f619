package io.proxyaudit.capture;

import io.proxyaudit.bench.ByteAndPacketRates;
import io.proxyaudit.bench.SyntheticCapture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Record framing of the pure-Java readers over an in-memory synthetic capture (no file system): one
 * operation reads every record. The {@code bytes}/{@code packets} counters are per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CaptureFramingBenchmark {
    @Param({"pcap", "pcapng"})
    public String format;

    @Param({"64"})
    public int megabytes;

    private byte[] capture;
    private final PacketRecord record = new PacketRecord();


    @Setup
    public void setup() {
        capture = SyntheticCapture.generateBytes((long) megabytes << 20, format.equals("pcapng"), 1);
    }

    @Benchmark
    public long frameAll(ByteAndPacketRates rates) throws IOException {
        StreamBuffer in = new StreamBuffer(new ByteArrayInputStream(capture), 1 << 20, PcapngReader.MAX_BLOCK + 64);
        SummaryBuilder sum = new SummaryBuilder("bench", CaptureListener.NONE);
        Runnable noClose = () -> { };
        CaptureReader r = format.equals("pcap")
                ? new ClassicPcapReader(in, sum, ReaderOptions.defaults(), noClose)
                : new PcapngReader(in, sum, ReaderOptions.defaults(), noClose);
        long n = 0;
        long checksum = 0;
        while (r.next(record)) {
            n++;
            checksum += record.capturedLength;
        }
        rates.packets += n;
        rates.bytes += capture.length;
        return checksum;
    }
}
