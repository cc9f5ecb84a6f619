package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassicPcapReaderTest {
    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private CaptureReader open(CaptureBytes b) throws Exception {
        return CaptureOpener.open(b.write(dir, "t.pcap").toString(), listener, ReaderOptions.defaults());
    }

    @Test
    void littleEndianMicroseconds() throws Exception {
        byte[] p1 = CaptureBytes.payload(60, 1);
        byte[] p2 = CaptureBytes.payload(70, 2);
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1_700_000_000L, 123_456, p1, 60).pcapRecord(1_700_000_001L, 999_999, p2, 70);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(2, ps.size());
            assertEquals(1_700_000_000_123_456_000L, ps.get(0).ts());
            assertEquals(1_700_000_001_999_999_000L, ps.get(1).ts());
            assertArrayEquals(p1, ps.get(0).data());
            assertArrayEquals(p2, ps.get(1).data());
            assertEquals(1, ps.get(0).linkType());
            assertEquals(24, ps.get(0).fileOffset());
            assertEquals(24 + 16 + 60, ps.get(1).fileOffset());
            assertEquals(1, ps.get(0).number());
            assertEquals(2, ps.get(1).number());
            CaptureSummary s = r.summary();
            assertEquals("pcap", s.format());
            assertEquals("le", s.byteOrder());
            assertEquals(List.of("us"), s.tsResolution());
            assertEquals(List.of(1), s.linkTypes());
            assertEquals(2, s.packets());
            assertEquals(130, s.capturedBytes());
            assertEquals(1_700_000_000_123_456_000L, s.firstTimestampNanos());
            assertEquals(1_700_000_001_999_999_000L, s.lastTimestampNanos());
            assertTrue(s.warnings().isEmpty());
        }
    }

    @Test
    void bigEndianNanoseconds() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(false, true, 262144, 101)
                .pcapRecord(1_600_000_000L, 123_456_789, CaptureBytes.payload(40, 0), 40);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(1_600_000_000_123_456_789L, ps.get(0).ts());
            assertEquals(101, ps.get(0).linkType());
            assertEquals("be", r.summary().byteOrder());
            assertEquals(List.of("ns"), r.summary().tsResolution());
        }
    }

    @Test
    void capturedLengthBelowWireLength() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 200, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(200, 0), 1514);
        try (CaptureReader r = open(b)) {
            RecordingListener.Packet p = RecordingListener.readAll(r).get(0);
            assertEquals(200, p.caplen());
            assertEquals(1514, p.origlen());
            assertTrue(listener.warnings.isEmpty());
        }
    }

    @Test
    void lenientWithZeroOrSmallSnapLength() throws Exception {
        // snaplen 0 (some writers) and snaplen smaller than caplen but caplen <= wire length: tshark reads these
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 0, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(100, 0), 100);
        CaptureBytes c = CaptureBytes.create().pcapHeader(true, false, 68, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(100, 0), 100);
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
        }
        try (CaptureReader r = CaptureOpener.open(c.write(dir, "c.pcap").toString(), listener,
                ReaderOptions.defaults())) {
            assertEquals(1, RecordingListener.readAll(r).size());
        }
        assertTrue(listener.warnings.isEmpty());
    }

    @Test
    void truncatedLastRecordKeepsEarlierPackets() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(60, 0), 60)
                .pcapRecordHeader(2, 0, 100, 100).bytes(CaptureBytes.payload(30, 0));
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals(1, listener.warnings.size());
            CaptureWarning w = listener.warnings.get(0);
            assertEquals("truncated-record", w.kind());
            assertEquals(24 + 16 + 60, w.offset());
            assertTrue(w.message().contains("30 of 100"), w.message());
            assertEquals(1L, r.summary().counters().get("truncated_records"));
        }
    }

    @Test
    void truncatedRecordHeader() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(60, 0), 60).zeros(7);
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals("truncated-record", listener.warnings.get(0).kind());
            assertTrue(listener.warnings.get(0).message().contains("7 of 16"));
        }
    }

    @Test
    void corruptLengthMidFileResynchronises() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1_700_000_000L, 0, CaptureBytes.payload(60, 0), 60);
        int bad = b.size();
        b.pcapRecordHeader(1_700_000_000L, 5, 3_000_000_000L, 60).zeros(37); // garbage after the bad header
        int good = b.size();
        b.pcapRecord(1_700_000_001L, 0, CaptureBytes.payload(50, 3), 50)
                .pcapRecord(1_700_000_002L, 0, CaptureBytes.payload(40, 4), 40);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(3, ps.size());
            assertEquals(good, ps.get(1).fileOffset());
            assertArrayEquals(CaptureBytes.payload(50, 3), ps.get(1).data());
            assertEquals(1, listener.warnings.size());
            CaptureWarning w = listener.warnings.get(0);
            assertEquals("bad-record-length", w.kind());
            assertEquals(bad, w.offset());
            assertTrue(w.message().contains("3000000000"), w.message());
            assertEquals(good - bad, r.summary().skippedBytes());
            assertTrue(w.message().contains("skipped " + (good - bad) + " bytes"), w.message());
        }
    }

    @Test
    void lengthOverSnapAndWireLengthIsCorrupt() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 128, 1)
                .pcapRecord(10, 0, CaptureBytes.payload(100, 0), 100);
        int bad = b.size();
        b.pcapRecordHeader(10, 1, 1000, 64).zeros(1000);
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals(bad, listener.warnings.get(0).offset());
            assertEquals("bad-record-length", listener.warnings.get(0).kind());
            assertEquals(16 + 1000, r.summary().skippedBytes());
        }
    }

    @Test
    void reservedLinkTypeBitsWarn() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 0x00010001);
        try (CaptureReader r = open(b)) {
            assertEquals(0, RecordingListener.readAll(r).size());
            assertEquals(List.of(1), r.summary().linkTypes());
            assertEquals("reserved-linktype-bits", listener.warnings.get(0).kind());
        }
    }

    @Test
    void unsupportedVersionIsRejected() throws Exception {
        byte[] b = CaptureBytes.create().pcapHeader(true, false, 65535, 1).toBytes();
        b[4] = 1;
        Path p = dir.resolve("v1.pcap");
        java.nio.file.Files.write(p, b);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureOpener.open(p.toString(), listener, ReaderOptions.defaults()));
        assertTrue(e.getMessage().contains("unsupported pcap version 1.4"), e.getMessage());
    }

    @Test
    void cutFileHeaderIsRejected() throws Exception {
        byte[] b = java.util.Arrays.copyOf(CaptureBytes.create().pcapHeader(true, false, 65535, 1).toBytes(), 10);
        Path p = dir.resolve("short.pcap");
        java.nio.file.Files.write(p, b);
        assertThrows(CaptureFormatException.class, () -> CaptureOpener.open(p.toString(), listener, null));
    }
}
