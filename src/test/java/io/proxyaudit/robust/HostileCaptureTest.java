package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.CaptureBytes;
import io.proxyaudit.capture.ReaderOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted captures that lie about their sizes or end early: the reader keeps every packet it can read,
 * says where the damage is (byte offset), counts what it skipped, stays within bounded memory and time.
 */
@Timeout(30)
class HostileCaptureTest {
    @TempDir
    Path dir;

    private static final int LINKTYPE_RAW = 101;

    private static byte[] packet(int i) {
        byte[] p = CaptureBytes.payload(60, i);
        p[0] = (byte) (0x40 | i); // distinguishes the records
        return p;
    }

    @Test
    void pcapRecordClaimingFourGigabytesIsSkippedAndLaterRecordsAreRead() throws IOException {
        CaptureBytes c = CaptureBytes.create().pcapHeader(true, false, 65535, LINKTYPE_RAW);
        for (int i = 0; i < 3; i++) {
            c.pcapRecord(1_700_000_000L + i, 0, packet(i), 60);
        }
        long badOffset = c.size();
        c.pcapRecordHeader(1_700_000_003L, 0, 0xFFFFFFFFL, 0xFFFFFFFFL).zeros(40);
        for (int i = 3; i < 5; i++) {
            c.pcapRecord(1_700_000_004L + i, 0, packet(i), 60);
        }
        CaptureRead r = CaptureRead.of(c.write(dir, "4g.pcap"), ReaderOptions.defaults());
        assertEquals(5, r.records().size(), "the three records before and the two after the lying header");
        for (int i = 0; i < 5; i++) {
            assertEquals(0x40 | i, r.records().get(i)[3], "record " + i + " in order");
        }
        assertTrue(r.hasWarning("bad-record-length", badOffset), "warning at the lying header: " + r.warnings());
        assertEquals(1, r.counter("bad_record_headers"));
        assertEquals(1, r.counter("resynchronisations"));
        assertEquals(16 + 40, r.summary().skippedBytes(), "the lying header and its 40 bytes of garbage");
    }

    @Test
    void pcapRecordClaimingFourGigabytesAtTheEnd() throws IOException {
        CaptureBytes c = CaptureBytes.create().pcapHeader(false, true, 65535, LINKTYPE_RAW);
        c.pcapRecord(1_700_000_000L, 0, packet(0), 60);
        long badOffset = c.size();
        c.pcapRecordHeader(1_700_000_001L, 0, 0xFFFFFFF0L, 0xFFFFFFF0L).zeros(1000);
        CaptureRead r = CaptureRead.of(c.write(dir, "4g-end.pcap"), ReaderOptions.defaults());
        assertEquals(1, r.records().size());
        assertTrue(r.hasWarning("bad-record-length", badOffset), r.warnings().toString());
        assertEquals(16 + 1000, r.summary().skippedBytes());
    }

    @Test
    void pcapEndingMidRecordKeepsEarlierRecords() throws IOException {
        CaptureBytes c = CaptureBytes.create().pcapHeader(true, false, 65535, LINKTYPE_RAW);
        for (int i = 0; i < 4; i++) {
            c.pcapRecord(1_700_000_000L + i, 0, packet(i), 60);
        }
        byte[] whole = c.toBytes();
        long lastRecord = whole.length - 76;
        // cut inside the data of the last record, then inside its header
        for (int cut : new int[] {30, 10}) {
            Path p = dir.resolve("cut" + cut + ".pcap");
            Files.write(p, Arrays.copyOf(whole, (int) lastRecord + cut));
            CaptureRead r = CaptureRead.of(p, ReaderOptions.defaults());
            assertEquals(3, r.records().size(), "cut at " + cut);
            assertTrue(r.hasWarning("truncated-record", lastRecord), r.warnings().toString());
            assertEquals(1, r.counter("truncated_records"));
        }
    }

    @Test
    void pcapngBlocksWithLyingLengths() throws IOException {
        CaptureBytes c = CaptureBytes.create().shb(true).idb(LINKTYPE_RAW, 0, -1, 0);
        c.epb(0, 1_700_000_000_000_000L, packet(0), 60);
        long impossible = c.size();
        c.u32(6).u32(0xFFFFFFF0L).zeros(24); // length beyond any block
        c.epb(0, 1_700_000_001_000_000L, packet(1), 60);
        long badTrailer = c.size();
        c.blockBadTrailer(6, new byte[40], 9999);
        c.epb(0, 1_700_000_002_000_000L, packet(2), 60);
        long unaligned = c.size();
        c.u32(6).u32(0x31).zeros(8);
        c.epb(0, 1_700_000_003_000_000L, packet(3), 60);
        long bigger = c.size();
        // an EPB whose captured length is more than its block holds
        c.block(6, c.body().u32(0).u32(0).u32(0).u32(1 << 20).u32(1 << 20).bytes(new byte[8]).toBytes());
        c.epb(0, 1_700_000_004_000_000L, packet(4), 60);
        long truncated = c.size();
        c.u32(6).u32(1 << 20).zeros(100); // a large block the file does not hold: end of capture
        CaptureRead r = CaptureRead.of(c.write(dir, "lying.pcapng"), ReaderOptions.defaults());
        assertEquals(5, r.records().size(), "every intact block is read: " + r.warnings());
        for (int i = 0; i < 5; i++) {
            assertEquals(0x40 | i, r.records().get(i)[3]);
        }
        assertTrue(r.hasWarning("bad-block-length", impossible), r.warnings().toString());
        assertTrue(r.hasWarning("bad-block-length", badTrailer), r.warnings().toString());
        assertTrue(r.hasWarning("bad-block-length", unaligned), r.warnings().toString());
        assertTrue(r.hasWarning("bad-record-length", bigger), r.warnings().toString());
        assertTrue(r.hasWarning("truncated-record", truncated), r.warnings().toString());
        assertEquals(3, r.counter("resynchronisations"));
    }

    /**
     * Damage made of words that look like the start of a 16 MiB block: every candidate the
     * resynchronisation looks at asks for a whole block. Must stay linear in the damage.
     */
    @Test
    @Timeout(20)
    void pcapngResynchronisationOverCandidatesClaimingHugeBlocks() throws IOException {
        CaptureBytes c = CaptureBytes.create().shb(true).idb(LINKTYPE_RAW, 0, -1, 0);
        c.epb(0, 1_700_000_000_000_000L, packet(0), 60);
        long bad = c.size();
        c.u32(6).u32(0x7FFFFFF0L); // impossible length: resynchronise from here
        for (int i = 0; i < 256 * 1024; i++) {
            c.u32(1).u32((16 << 20) - 4); // "IDB of 16 MiB - 4", never matched by a trailer
        }
        c.epb(0, 1_700_000_001_000_000L, packet(1), 60);
        CaptureRead r = CaptureRead.of(c.write(dir, "huge-candidates.pcapng"), ReaderOptions.defaults());
        assertEquals(2, r.records().size(), "the records before and after the damage");
        assertEquals(0x40, r.records().get(0)[3]);
        assertTrue(r.warnings().stream().anyMatch(w -> w.offset() == bad), r.warnings().toString());
        assertTrue(r.millis() < 10_000, "took " + r.millis() + " ms");
    }

    /** 200 MB of records inflating from well under 1 MB: stopped at the limit, with a warning; a raised limit reads more. */
    @Test
    void gzipBombStopsAtTheDecompressionLimit() throws IOException {
        Path bomb = dir.resolve("bomb.pcap.gz");
        byte[] header = CaptureBytes.create().pcapHeader(true, false, 65535, LINKTYPE_RAW).toBytes();
        byte[] record = CaptureBytes.create().order(true).pcapRecord(1_700_000_000L, 0, packet(1), 60).toBytes();
        byte[] block = new byte[record.length * 1024];
        for (int i = 0; i < 1024; i++) {
            System.arraycopy(record, 0, block, i * record.length, record.length);
        }
        long total = header.length;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            out.write(header);
            while (total < 200L << 20) {
                out.write(block);
                total += block.length;
            }
        }
        assertTrue(Files.size(bomb) < 1 << 20, "compressed size " + Files.size(bomb));
        long limit = 4L << 20;
        CaptureRead r = CaptureRead.of(bomb, ReaderOptions.defaults().withMaxGzipBytes(limit));
        long expected = (limit - header.length) / record.length;
        assertEquals(expected, r.records().size(), "whole records within the limit");
        assertEquals(1, r.counter("warning_gzip_limit"), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.kind().equals("gzip-limit")
                && w.message().contains(String.valueOf(limit))), r.warnings().toString());
        CaptureRead raised = CaptureRead.of(bomb, ReaderOptions.defaults().withMaxGzipBytes(4 * limit));
        assertTrue(raised.records().size() > 3 * r.records().size(), "a raised limit reads on");
    }
}
