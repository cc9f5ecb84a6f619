package io.proxyaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.capture.CaptureBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes the pure-Java capture readers (classic pcap, pcapng, gzip) and the decoder behind them.
 * Regression inputs: src/test/resources/fuzz/CaptureReaderFuzzTestInputs/&lt;method&gt;/.
 * Real fuzzing: {@code JAZZER_FUZZ=1 mvn -Pfuzz test -Dtest='CaptureReaderFuzzTest#anyCapture'}.
 */
class CaptureReaderFuzzTest {
    /** Any bytes at all, read as a capture file (format chosen by the reader from the magic number). */
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void anyCapture(byte[] data) {
        CaptureHarness.read(data, CaptureHarness.fuzzOptions(), CaptureHarness.newDecoder());
    }

    /** A valid classic pcap file header (fuzzed byte order, precision, snap length, link type), fuzzed records. */
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void classicPcapRecords(FuzzedDataProvider in) {
        boolean le = in.consumeBoolean();
        boolean nanos = in.consumeBoolean();
        long snap = in.consumeBoolean() ? 262_144 : in.consumeInt() & 0xffffffffL;
        int link = in.pickValue(PacketDecoderFuzzTest.LINK_TYPES);
        byte[] body = in.consumeRemainingAsBytes();
        byte[] file = CaptureBytes.create().pcapHeader(le, nanos, snap, link).bytes(body).toBytes();
        CaptureHarness.Outcome o = CaptureHarness.read(file, CaptureHarness.fuzzOptions(), CaptureHarness.newDecoder());
        assertNotNull(o.summary(), "a valid pcap header must open: " + o.formatError());
    }

    /** A valid pcapng section header and interface description, then fuzzed blocks. */
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void pcapngBlocks(FuzzedDataProvider in) {
        boolean le = in.consumeBoolean();
        int link = in.pickValue(PacketDecoderFuzzTest.LINK_TYPES);
        int tsresol = in.consumeBoolean() ? -1 : in.consumeInt(0, 255);
        long tsoffset = in.consumeBoolean() ? 0 : in.consumeLong();
        long snap = in.consumeBoolean() ? 0 : 65535;
        byte[] body = in.consumeRemainingAsBytes();
        byte[] file = CaptureBytes.create().shb(le).idb(link, snap, tsresol, tsoffset)
                .bytes(body).toBytes();
        CaptureHarness.Outcome o = CaptureHarness.read(file, CaptureHarness.fuzzOptions(), CaptureHarness.newDecoder());
        assertNotNull(o.summary(), "a valid pcapng header must open: " + o.formatError());
    }

    /** The same bytes gzip-compressed: the decompressing path must behave like the plain one. */
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void gzipCapture(byte[] data) {
        CaptureHarness.read(gzip(data), CaptureHarness.fuzzOptions(), null);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }
}
