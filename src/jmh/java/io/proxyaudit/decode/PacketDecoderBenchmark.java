package io.proxyaudit.decode;

import io.proxyaudit.bench.ByteAndPacketRates;
import io.proxyaudit.bench.SyntheticCapture;
import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PacketDecoder#decode} over the frames of a synthetic capture, held in one array (reader cost
 * excluded). One operation decodes every frame once; {@code packets}/{@code bytes} are per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PacketDecoderBenchmark {
    private byte[] frames;
    private int[] offsets;
    private int[] lengths;
    private int count;
    private final PacketRecord record = new PacketRecord();
    private final DecodedPacket out = new DecodedPacket();
    private PacketDecoder decoder;


    @Setup
    public void setup() throws IOException {
        byte[] capture = SyntheticCapture.generateBytes(32L << 20, false, 1);
        Path tmp = Files.createTempFile("decode-bench", ".pcap");
        try {
            Files.write(tmp, capture);
            frames = new byte[capture.length];
            offsets = new int[capture.length / 40];
            lengths = new int[offsets.length];
            int pos = 0;
            try (CaptureReader r = CaptureOpener.open(tmp.toString(), CaptureListener.NONE, ReaderOptions.defaults())) {
                PacketRecord rec = new PacketRecord();
                while (r.next(rec)) {
                    System.arraycopy(rec.data, rec.offset, frames, pos, rec.capturedLength);
                    offsets[count] = pos;
                    lengths[count] = rec.capturedLength;
                    pos += rec.capturedLength;
                    count++;
                }
            }
            offsets = Arrays.copyOf(offsets, count);
        } finally {
            Files.delete(tmp);
        }
        decoder = new PacketDecoder(new DecodeCounters());
        record.data = frames;
        record.linkType = 1;
    }

    @Benchmark
    public long decodeAll(ByteAndPacketRates rates) {
        long sum = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            record.offset = offsets[i];
            record.capturedLength = lengths[i];
            record.originalLength = lengths[i];
            record.number = i + 1;
            sum += decoder.decode(record, out) + out.srcPort + out.payloadLength;
            bytes += lengths[i];
        }
        rates.packets += count;
        rates.bytes += bytes;
        return sum;
    }
}
