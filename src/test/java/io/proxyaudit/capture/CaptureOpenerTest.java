package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureOpenerTest {
    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private static CaptureBytes threePackets() {
        return CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(500, 0), 500)
                .pcapRecord(2, 0, CaptureBytes.payload(500, 1), 500)
                .pcapRecord(3, 0, CaptureBytes.payload(500, 2), 500);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

    @Test
    void gzipIsDetectedByContentNotName() throws Exception {
        Path p = dir.resolve("looks-plain.pcap");
        Files.write(p, gzip(threePackets().toBytes()));
        try (CaptureReader r = CaptureOpener.open(p.toString(), listener, null)) {
            assertEquals(3, RecordingListener.readAll(r).size());
            assertEquals("gzip", r.summary().compression());
            assertEquals("pcap", r.summary().format());
        }
    }

    @Test
    void gzipSizeLimitStopsWithAWarning() throws Exception {
        Path p = dir.resolve("bomb.pcap.gz");
        Files.write(p, gzip(threePackets().toBytes()));
        ReaderOptions o = ReaderOptions.defaults().withMaxGzipBytes(24 + 516 + 100);
        try (CaptureReader r = CaptureOpener.open(p.toString(), listener, o)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertTrue(listener.warnings.stream().anyMatch(w -> w.kind().equals("gzip-limit")), listener.warnings::toString);
        }
    }

    @Test
    void truncatedGzipKeepsWhatWasRead() throws Exception {
        byte[] gz = gzip(CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1, 0, new byte[60_000], 60_000).pcapRecord(2, 0, CaptureBytes.payload(60_000, 3), 60_000)
                .toBytes());
        Path p = dir.resolve("cut.pcap.gz");
        Files.write(p, Arrays.copyOf(gz, gz.length - 200));
        // the packet before the cut is delivered, then the reader says in words why it stopped, and where
        try (CaptureReader r = CaptureOpener.open(p.toString(), listener, null)) {
            PacketRecord rec = new PacketRecord();
            assertTrue(r.next(rec));
            IOException stopped = assertThrows(IOException.class, () -> r.next(rec));
            assertEquals("the gzip data ends early (the file is cut short)", stopped.getMessage());
            assertTrue(rec.fileOffset > 24 + 16 + 60_000, "stopped at " + rec.fileOffset);
            assertEquals(1, r.summary().packets());
        }
    }

    @Test
    void notACaptureSaysWhatItStartsWith() throws Exception {
        Path p = dir.resolve("notes.txt");
        Files.writeString(p, "hello world");
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureOpener.open(p.toString(), listener, null));
        assertEquals("not a pcap or pcapng file (starts with 0x68656c6c)", e.getMessage());
    }

    @Test
    void otherCompressionIsNamed() throws Exception {
        Path p = dir.resolve("x.pcap.zst");
        Files.write(p, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0});
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureOpener.open(p.toString(), listener, null));
        assertEquals("not a pcap or pcapng file (zstd-compressed; only gzip is read directly, decompress it"
                + " first)", e.getMessage());
    }

    @Test
    void emptyAndMissingFiles() throws Exception {
        Path p = dir.resolve("empty.pcap");
        Files.write(p, new byte[0]);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureOpener.open(p.toString(), listener, null));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> CaptureOpener.open(dir.resolve("nope.pcap").toString(), listener, null));
        assertEquals("no such file or directory", missing.getMessage());
        IOException directory = assertThrows(IOException.class, () -> CaptureOpener.open(dir.toString(), listener, null));
        assertEquals("is a directory, not a capture", directory.getMessage());
    }

    @Test
    void standardInput() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(gzip(threePackets().toBytes())));
            try (CaptureReader r = CaptureOpener.open("-", listener, null)) {
                assertEquals(3, RecordingListener.readAll(r).size());
                assertEquals(CaptureOpener.STDIN_NAME, r.summary().file());
            }
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void largeFileUsesBoundedMemory() throws Exception {
        // 2.8 MB of records, read on the pipeline thread: every packet intact, the buffer never past its 256 KiB
        Path p = twoThousandRecords().write(dir, "big.pcap");
        try (CaptureReader r = CaptureOpener.open(p.toString(), listener, null)) {
            assertAllRecords(r, CaptureOpener.DIRECT_BUFFER);
        }
    }

    @Test
    void largeGzipFileUsesBoundedMemory() throws Exception {
        // the same through the read-ahead thread (gzip): every packet intact, no buffer past one block
        Path p = dir.resolve("big.pcap.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(twoThousandRecords().toBytes());
        }
        try (CaptureReader r = CaptureOpener.open(p.toString(), listener, null)) {
            assertAllRecords(r, CaptureOpener.READ_AHEAD_RESERVE + CaptureOpener.READ_AHEAD_BLOCK);
            assertEquals("gzip", r.summary().compression());
        }
    }

    private static CaptureBytes twoThousandRecords() {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 1);
        byte[] rec = CaptureBytes.payload(1400, 5);
        for (int i = 0; i < 2000; i++) {
            rec[0] = (byte) i;
            b.pcapRecord(i, 0, rec, 1400);
        }
        return b;
    }

    private static void assertAllRecords(CaptureReader r, int maxBuffer) throws Exception {
        PacketRecord pr = new PacketRecord();
        int n = 0;
        while (r.next(pr)) {
            assertEquals((byte) n, pr.data[pr.offset]);
            assertEquals(1400, pr.capturedLength);
            assertTrue(pr.data.length <= maxBuffer, "buffer of " + pr.data.length + " bytes");
            n++;
        }
        assertEquals(2000, n);
    }
}
