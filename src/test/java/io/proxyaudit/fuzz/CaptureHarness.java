package io.proxyaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.CaptureFormatException;
import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.decode.DecodeCounters;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.decode.PacketDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds bytes to the capture reader as a file and checks what every reader must guarantee on any
 * input: only {@link CaptureFormatException} (bad file header) is thrown, every record lies inside its
 * buffer and inside the input, the number of records is bounded by the input size, warnings carry an
 * offset inside the input. {@link CaptureOpener} reads only paths and standard input, so the bytes go
 * to one reused temporary file (in memory under /dev/shm when there is one).
 */
final class CaptureHarness {
    /** Fuzz inputs are small; a gzip input may not inflate beyond this (the default is 16 GiB). */
    static final long FUZZ_MAX_GZIP = 4L << 20;
    private static Path file;

    private CaptureHarness() {}

    static synchronized Path write(byte[] data) {
        try {
            if (file == null) {
                Path shm = Path.of("/dev/shm");
                file = Files.isDirectory(shm) && Files.isWritable(shm)
                        ? Files.createTempFile(shm, "proxyaudit-fuzz-", ".cap")
                        : Files.createTempFile("proxyaudit-fuzz-", ".cap");
                file.toFile().deleteOnExit();
            }
            Files.write(file, data);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one read of a capture produced. */
    record Outcome(CaptureSummary summary, List<CaptureWarning> warnings, long records, String formatError) {}

    static Outcome read(byte[] data, ReaderOptions options, PacketDecoder decoder) {
        Path p = write(data);
        List<CaptureWarning> warnings = new ArrayList<>();
        CaptureListener listener = new CaptureListener() {
            @Override
            public void onWarning(CaptureWarning w) {
                warnings.add(w);
            }

            @Override
            public void onNameResolution(byte[] address, String name) {
                assertTrue(address.length == 4 || address.length == 16, "address length " + address.length);
                assertTrue(name.length() <= 1024, "name resolution entry not bounded: " + name.length());
            }
        };
        long records = 0;
        CaptureSummary summary;
        try (CaptureReader r = CaptureOpener.open(p.toString(), listener, options)) {
            PacketRecord rec = new PacketRecord();
            DecodedPacket out = new DecodedPacket();
            // a record needs at least 12 bytes of input (pcapng simple packet block: 16)
            boolean gzip = data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
            long bound = (gzip ? options.maxGzipBytes() : data.length) / 12 + 1;
            while (r.next(rec)) {
                records++;
                assertTrue(records <= bound, "more records than the input can hold: " + records);
                checkRecord(rec, options);
                if (decoder != null) {
                    PacketDecoderFuzzTest.checkDecoded(rec, decoder.decode(rec, out), out);
                }
            }
            summary = r.summary();
        } catch (CaptureFormatException e) {
            assertOneLine(e.getMessage());
            return new Outcome(null, warnings, 0, e.getMessage());
        } catch (IOException e) {
            throw new AssertionError("only CaptureFormatException may escape a reader: " + e, e);
        }
        assertEquals(records, summary.packets(), "summary packet count");
        for (CaptureWarning w : warnings) {
            assertOneLine(w.toLine());
            assertTrue(w.offset() >= -1, "warning offset " + w.offset());
            if (summary.compression() == null) {
                assertTrue(w.offset() <= data.length, "warning offset " + w.offset() + " beyond input " + data.length);
            }
        }
        assertTrue(summary.skippedBytes() >= 0, "skipped bytes");
        return new Outcome(summary, warnings, records, null);
    }

    static void checkRecord(PacketRecord rec, ReaderOptions options) {
        assertTrue(rec.data != null, "record without buffer");
        assertTrue(rec.offset >= 0 && rec.capturedLength >= 0
                && (long) rec.offset + rec.capturedLength <= rec.data.length,
                "record outside its buffer: offset " + rec.offset + " length " + rec.capturedLength);
        assertTrue(rec.capturedLength <= options.maxRecordLength(), "record longer than the maximum");
        assertTrue(rec.originalLength >= 0, "negative wire length");
        assertTrue(rec.fileOffset >= 0, "negative file offset");
        assertTrue(rec.number >= 1, "record number");
    }

    static void assertOneLine(String s) {
        assertTrue(s != null && !s.isEmpty(), "empty message");
        assertTrue(s.indexOf('\n') < 0 && s.indexOf('\r') < 0, "message spans lines: " + s);
    }

    static ReaderOptions fuzzOptions() {
        return ReaderOptions.defaults().withMaxGzipBytes(FUZZ_MAX_GZIP);
    }

    static PacketDecoder newDecoder() {
        return new PacketDecoder(new DecodeCounters());
    }
}
