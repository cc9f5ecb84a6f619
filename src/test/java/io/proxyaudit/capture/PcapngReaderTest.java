package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest {
    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private CaptureReader open(CaptureBytes b) throws Exception {
        return CaptureOpener.open(b.write(dir, "t.pcapng").toString(), listener, ReaderOptions.defaults());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void enhancedPacketsInEitherByteOrder(boolean le) throws Exception {
        byte[] p1 = CaptureBytes.payload(61, 7); // odd length: padding
        CaptureBytes b = CaptureBytes.create().shb(le).idb(1, 65535, -1, 0)
                .epb(0, 1_700_000_000_123_456L, p1, 61).epb(0, 1_700_000_001_000_001L, CaptureBytes.payload(64, 1), 1500);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(2, ps.size());
            assertArrayEquals(p1, ps.get(0).data());
            assertEquals(1_700_000_000_123_456_000L, ps.get(0).ts());
            assertEquals(1_700_000_001_000_001_000L, ps.get(1).ts());
            assertEquals(64, ps.get(1).caplen());
            assertEquals(1500, ps.get(1).origlen());
            CaptureSummary s = r.summary();
            assertEquals("pcapng", s.format());
            assertEquals(le ? "le" : "be", s.byteOrder());
            assertEquals(1, s.sections());
            assertEquals(1, s.interfaces());
            assertEquals(List.of(1), s.linkTypes());
            assertEquals(List.of("us"), s.tsResolution());
            assertTrue(listener.warnings.isEmpty(), listener.warnings::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void timeStampResolutionsAndOffset(boolean le) throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(le)
                .idb(1, 0, 9, 0) // 10^-9
                .idb(1, 0, 0x88, 0) // 2^-8
                .idb(101, 0, 6, 1000) // microseconds, offset 1000 s
                .epb(0, 1_695_728_003_815_495_640L, CaptureBytes.payload(20, 0), 20)
                .epb(1, (1_519_128_000L << 8) | 50, CaptureBytes.payload(20, 0), 20) // .1953125 s
                .epb(2, 5_000_000L, CaptureBytes.payload(20, 0), 20);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(1_695_728_003_815_495_640L, ps.get(0).ts());
            assertEquals(1_519_128_000_195_312_500L, ps.get(1).ts());
            assertEquals(1_005_000_000_000L, ps.get(2).ts());
            assertEquals(101, ps.get(2).linkType());
            assertEquals(2, ps.get(2).iface());
            assertEquals(List.of("ns", "2^-8", "us"), r.summary().tsResolution());
            assertEquals(List.of(1, 101), r.summary().linkTypes());
            assertEquals(3, r.summary().interfaces());
        }
    }

    @Test
    void severalSectionsOfBothByteOrders() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 0, -1, 0).epb(0, 1_000_000, CaptureBytes.payload(30, 0), 30);
        b.shb(false).idb(0, 0, -1, 0).idb(113, 0, -1, 0).epb(1, 2_000_000, CaptureBytes.payload(31, 0), 31)
                .epb(0, 3_000_000, CaptureBytes.payload(32, 0), 32);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(3, ps.size());
            assertEquals(113, ps.get(1).linkType());
            assertEquals(2, ps.get(1).iface()); // interface ids count across sections
            assertEquals(0, ps.get(2).linkType());
            assertEquals(2_000_000_000L, ps.get(1).ts());
            CaptureSummary s = r.summary();
            assertEquals("be,le", s.byteOrder());
            assertEquals(2, s.sections());
            assertEquals(3, s.interfaces());
            assertEquals(List.of(1, 0, 113), s.linkTypes());
        }
    }

    @Test
    void simpleAndObsoletePacketBlocks() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 50, -1, 0)
                .spb(CaptureBytes.payload(50, 0), 80) // snap length 50 cut it
                .obsoletePb(0, 42_000_000L, CaptureBytes.payload(40, 0), 40);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(2, ps.size());
            assertEquals(Long.MIN_VALUE, ps.get(0).ts());
            assertEquals(50, ps.get(0).caplen());
            assertEquals(80, ps.get(0).origlen());
            assertEquals(42_000_000_000L, ps.get(1).ts());
            assertEquals(42_000_000_000L, r.summary().firstTimestampNanos());
            assertEquals(1L, r.summary().counters().get("simple_packet_blocks"));
            assertEquals(1L, r.summary().counters().get("obsolete_packet_blocks"));
        }
    }

    @Test
    void nameResolutionAndUnknownBlocks() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 0, -1, 0)
                .nrbIpv4(new byte[] {10, 0, 0, 1}, "proxy.example", "squid")
                .block(0x0BAD, CaptureBytes.payload(13, 0))
                .block(0x12345678, CaptureBytes.payload(8, 0))
                .epb(0, 1, CaptureBytes.payload(20, 0), 20);
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals(List.of("10.0.0.1=proxy.example", "10.0.0.1=squid"), listener.names);
            assertEquals(2L, r.summary().counters().get("unknown_blocks"));
            assertTrue(listener.warnings.isEmpty());
        }
    }

    @Test
    void trailingLengthMismatchResynchronises() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 0, -1, 0)
                .epb(0, 1, CaptureBytes.payload(20, 0), 20);
        int bad = b.size();
        b.blockBadTrailer(6, CaptureBytes.create().order(true).u32(0).u32(0).u32(2).u32(20).u32(20)
                .bytes(CaptureBytes.payload(20, 0)).toBytes(), 999);
        int good = b.size();
        b.epb(0, 3, CaptureBytes.payload(24, 9), 24);
        try (CaptureReader r = open(b)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(2, ps.size());
            assertArrayEquals(CaptureBytes.payload(24, 9), ps.get(1).data());
            assertEquals(good, ps.get(1).fileOffset());
            CaptureWarning w = listener.warnings.get(0);
            assertEquals("bad-block-length", w.kind());
            assertEquals(bad, w.offset());
            assertTrue(w.message().contains("trailing length 999"), w.message());
            assertEquals(good - bad, r.summary().skippedBytes());
        }
    }

    @Test
    void impossibleBlockLengthResynchronises() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 0, -1, 0);
        int bad = b.size();
        b.u32(6).u32(0x7ffffff1L).zeros(12);
        b.epb(0, 3, CaptureBytes.payload(24, 9), 24);
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals(bad, listener.warnings.get(0).offset());
            assertEquals(20, r.summary().skippedBytes());
        }
    }

    @Test
    void packetForUnknownInterfaceIsSkipped() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 0, -1, 0)
                .epb(3, 1, CaptureBytes.payload(20, 0), 20).epb(0, 1, CaptureBytes.payload(20, 0), 20);
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals("unknown-interface", listener.warnings.get(0).kind());
            assertEquals(1L, r.summary().counters().get("packets_unknown_interface"));
        }
    }

    @Test
    void truncatedLastBlockKeepsEarlierPackets() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 0, -1, 0).epb(0, 1, CaptureBytes.payload(20, 0), 20);
        int cut = b.size() + 30;
        b.epb(0, 2, CaptureBytes.payload(100, 0), 100);
        Path p = dir.resolve("cut.pcapng");
        java.nio.file.Files.write(p, java.util.Arrays.copyOf(b.toBytes(), cut));
        try (CaptureReader r = CaptureOpener.open(p.toString(), listener, null)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals("truncated-record", listener.warnings.get(0).kind());
            assertEquals(cut - 30, listener.warnings.get(0).offset());
        }
    }

    @Test
    void captureLengthBeyondBlockIsReported() throws Exception {
        CaptureBytes b = CaptureBytes.create().shb(true).idb(1, 0, -1, 0);
        b.block(6, CaptureBytes.create().order(true).u32(0).u32(0).u32(1).u32(500).u32(500)
                .bytes(CaptureBytes.payload(20, 0)).toBytes());
        b.epb(0, 1, CaptureBytes.payload(20, 0), 20);
        try (CaptureReader r = open(b)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals("bad-record-length", listener.warnings.get(0).kind());
        }
    }

    @Test
    void unsupportedVersionIsRejected() throws Exception {
        byte[] b = CaptureBytes.create().shb(true).toBytes();
        b[12] = 0;
        b[14] = 1;
        Path p = dir.resolve("v01.pcapng");
        java.nio.file.Files.write(p, b);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureOpener.open(p.toString(), listener, null));
        assertTrue(e.getMessage().contains("unsupported pcapng version 0.1"), e.getMessage());
    }
}
