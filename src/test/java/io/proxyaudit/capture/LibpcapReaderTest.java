package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libpcap backend, and that it yields the same packets as the pure-Java reader. */
class LibpcapReaderTest {
    private static final ReaderOptions LIBPCAP = ReaderOptions.defaults().withBackend(ReaderOptions.Backend.LIBPCAP);

    @TempDir
    Path dir;

    @BeforeEach
    void needLibpcap() {
        boolean ok;
        try {
            Libpcap.require("test");
            ok = true;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "libpcap not installed (apt-get install libpcap0.8); skipping libpcap backend tests");
    }

    private static List<RecordingListener.Packet> read(String file, ReaderOptions o) throws IOException {
        try (CaptureReader r = CaptureOpener.open(file, CaptureListener.NONE, o)) {
            return RecordingListener.readAll(r);
        }
    }

    private static void assertSamePackets(String what, List<RecordingListener.Packet> a, List<RecordingListener.Packet> b) {
        assertEquals(a.size(), b.size(), what + ": packet count");
        for (int i = 0; i < a.size(); i++) {
            RecordingListener.Packet x = a.get(i);
            RecordingListener.Packet y = b.get(i);
            String at = what + " packet " + (i + 1);
            assertEquals(x.ts(), y.ts(), at + " time stamp");
            assertEquals(x.caplen(), y.caplen(), at + " captured length");
            assertEquals(x.origlen(), y.origlen(), at + " wire length");
            assertEquals(x.linkType(), y.linkType(), at + " link type");
            assertArrayEquals(x.data(), y.data(), at + " bytes");
        }
    }

    @Test
    void bothReadersYieldTheSamePacketsOnTheCorpus() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus.resolve("captures"))) {
            files = s.sorted().collect(Collectors.toList());
        }
        int compared = 0;
        List<String> refused = new ArrayList<>();
        for (Path f : files) {
            Map<String, String> e = Tsv.read(corpus.resolve("expected").resolve(f.getFileName().toString())
                    .resolve("capinfos.tsv")).get(0);
            if (!"no".equals(e.get("damaged"))) {
                continue; // damaged files: libpcap and our reader stop/resynchronise differently by design
            }
            List<RecordingListener.Packet> java = read(f.toString(), ReaderOptions.defaults());
            List<RecordingListener.Packet> lib;
            try {
                lib = read(f.toString(), LIBPCAP);
            } catch (IOException ex) {
                refused.add(f.getFileName() + ": " + ex.getMessage());
                continue;
            }
            assertSamePackets(f.getFileName().toString(), java, lib);
            compared++;
        }
        // the only capture libpcap refuses is the pcapng whose interfaces have different link types
        assertEquals(1, refused.size(), refused::toString);
        assertTrue(refused.get(0).startsWith("pcapngtest__le__test202.pcapng: libpcap cannot read it: "), refused.get(0));
        assertTrue(refused.get(0).contains("different link types") && refused.get(0).contains("--reader java"));
        assertTrue(compared >= 40, "compared only " + compared + " captures");
    }

    /**
     * The direct pcap_next_ex call (PcapNextEx) and pcap4j's own call give the same packets, on every lab sample
     * and on damaged corpus captures too (where libpcap stops with an error).
     */
    @Test
    void directCallAndPcap4jCallAgree() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            for (Path d : s.filter(Files::isDirectory).sorted().collect(Collectors.toList())) {
                try (Stream<Path> c = Files.list(d)) {
                    c.filter(x -> x.getFileName().toString().startsWith("capture.pcap")).forEach(files::add);
                }
            }
        }
        Path corpus = SharedCorpus.corpusOrNull();
        if (corpus != null) {
            try (Stream<Path> s = Files.list(corpus.resolve("captures"))) {
                s.sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 19, "found only " + files.size() + " captures");
        int direct = 0;
        for (Path f : files) {
            List<RecordingListener.Packet> fast;
            List<RecordingListener.Packet> slow;
            List<String> fastWarnings = new ArrayList<>();
            List<String> slowWarnings = new ArrayList<>();
            try (CaptureReader r = CaptureOpener.open(f.toString(), warningsTo(fastWarnings), LIBPCAP)) {
                direct += ((LibpcapReader) r).usesDirectCall() ? 1 : 0;
                fast = RecordingListener.readAll(r);
            } catch (IOException e) {
                continue; // refused by libpcap either way (checked elsewhere)
            }
            System.setProperty("proxyaudit.pcap4jNext", "true");
            try (CaptureReader r = CaptureOpener.open(f.toString(), warningsTo(slowWarnings), LIBPCAP)) {
                assertFalse(((LibpcapReader) r).usesDirectCall());
                slow = RecordingListener.readAll(r);
            } finally {
                System.clearProperty("proxyaudit.pcap4jNext");
            }
            assertSamePackets(f.getFileName().toString(), slow, fast);
            assertEquals(slowWarnings, fastWarnings, f + ": warnings");
        }
        if (com.sun.jna.Platform.isLinux() && com.sun.jna.Platform.is64Bit()
                && java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
            assertTrue(direct >= 19, "the direct call was used for only " + direct + " captures");
        }
    }

    private static CaptureListener warningsTo(List<String> into) {
        return new CaptureListener() {
            @Override
            public void onWarning(CaptureWarning w) {
                into.add(w.kind() + ": " + w.message());
            }
        };
    }

    @Test
    void onDamagedCapturesLibpcapStopsWhereWeFirstWarn() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus.resolve("captures"))) {
            files = s.sorted().collect(Collectors.toList());
        }
        int compared = 0;
        for (Path f : files) {
            Map<String, String> e = Tsv.read(corpus.resolve("expected").resolve(f.getFileName().toString())
                    .resolve("capinfos.tsv")).get(0);
            if (!"yes".equals(e.get("damaged")) || "0".equals(e.get("tshark_packets"))) {
                continue; // undamaged, or refused outright
            }
            List<CaptureWarning> warnings = new ArrayList<>();
            CaptureListener l = new CaptureListener() {
                @Override
                public void onWarning(CaptureWarning w) {
                    warnings.add(w);
                }
            };
            List<RecordingListener.Packet> before = new ArrayList<>();
            try (CaptureReader r = CaptureOpener.open(f.toString(), l, ReaderOptions.defaults())) {
                PacketRecord rec = new PacketRecord();
                while (r.next(rec) && warnings.isEmpty()) {
                    before.add(new RecordingListener.Packet(rec.number, rec.timestampNanos, rec.capturedLength,
                            rec.originalLength, rec.linkType, 0, 0, java.util.Arrays.copyOfRange(rec.data, rec.offset,
                            rec.offset + rec.capturedLength)));
                }
            }
            assertTrue(!warnings.isEmpty(), f.getFileName() + ": damaged but no warning");
            assertSamePackets(f.getFileName() + " (before the damage)", before, read(f.toString(), LIBPCAP));
            compared++;
        }
        assertTrue(compared >= 3, "compared only " + compared + " damaged captures");
    }

    @Test
    void gzipAndSummary() throws Exception {
        byte[] pcap = CaptureBytes.create().pcapHeader(false, true, 65535, 1)
                .pcapRecord(1_600_000_000L, 5, CaptureBytes.payload(60, 0), 90).toBytes();
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(bo)) {
            g.write(pcap);
        }
        Path p = dir.resolve("x.pcap.gz");
        Files.write(p, bo.toByteArray());
        try (CaptureReader r = CaptureOpener.open(p.toString(), CaptureListener.NONE, LIBPCAP)) {
            List<RecordingListener.Packet> ps = RecordingListener.readAll(r);
            assertEquals(1, ps.size());
            assertEquals(1_600_000_000_000_000_005L, ps.get(0).ts());
            assertEquals(90, ps.get(0).origlen());
            CaptureSummary s = r.summary();
            assertEquals("gzip", s.compression());
            assertEquals("be", s.byteOrder());
            assertEquals(List.of("ns"), s.tsResolution());
        }
    }

    @Test
    void damageBecomesAWarning() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(60, 0), 60).pcapRecordHeader(2, 0, 900_000, 900_000).zeros(64);
        RecordingListener l = new RecordingListener();
        try (CaptureReader r = CaptureOpener.open(b.write(dir, "bad.pcap").toString(), l, LIBPCAP)) {
            assertEquals(1, RecordingListener.readAll(r).size());
            assertEquals("libpcap-error", l.warnings.get(0).kind());
        }
    }

    @Test
    void notACapture() throws Exception {
        Path p = dir.resolve("x.txt");
        Files.writeString(p, "hello there");
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureOpener.open(p.toString(), CaptureListener.NONE, LIBPCAP));
        assertTrue(e.getMessage().startsWith("libpcap cannot read it: "), e.getMessage());
    }

    @Test
    void bpfWithEitherReader() throws Exception {
        byte[] tcp = ethernetIpv4(6, 443);
        byte[] udp = ethernetIpv4(17, 53);
        Path p = CaptureBytes.create().pcapHeader(true, false, 65535, 1).pcapRecord(1, 0, tcp, tcp.length)
                .pcapRecord(2, 0, udp, udp.length).pcapRecord(3, 0, tcp, tcp.length).write(dir, "f.pcap");
        for (ReaderOptions o : new ReaderOptions[] {ReaderOptions.defaults(), LIBPCAP}) {
            assertEquals(2, read(p.toString(), o.withBpf("tcp port 443")).size(), o.backend().toString());
            List<RecordingListener.Packet> u = read(p.toString(), o.withBpf("udp"));
            assertEquals(1, u.size());
            assertEquals(2_000_000_000L, u.get(0).ts());
            IOException bad = assertThrows(IOException.class, () -> read(p.toString(), o.withBpf("tcp prot 443")));
            assertTrue(bad.getMessage().startsWith("bad --bpf filter \"tcp prot 443\""), bad.getMessage());
        }
        try (CaptureReader r = CaptureOpener.open(p.toString(), CaptureListener.NONE,
                ReaderOptions.defaults().withBpf("udp"))) {
            RecordingListener.readAll(r);
            assertEquals(2L, r.summary().counters().get("filtered_out"));
            assertEquals(1, r.summary().packets());
        }
    }

    @Test
    void bpfAgreesBetweenReadersOnTheCorpus() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        String[][] cases = {
            {"zeek__tls13-ech.pcap", "tcp port 443"},
            {"zeek__dns-edns-ecs.pcap", "udp port 53"},
            {"zeek__connect-with-header.pcap", "ip6 and tcp"},
            {"zeek__http-qinq-0.pcap", "vlan and vlan and tcp"},
        };
        for (String[] c : cases) {
            String f = corpus.resolve("captures").resolve(c[0]).toString();
            List<RecordingListener.Packet> a = read(f, ReaderOptions.defaults().withBpf(c[1]));
            List<RecordingListener.Packet> b = read(f, LIBPCAP.withBpf(c[1]));
            assertTrue(a.size() > 0, c[0] + " " + c[1] + " matched nothing");
            assertSamePackets(c[0] + " " + c[1], a, b);
        }
    }

    private static byte[] ethernetIpv4(int proto, int port) {
        byte[] b = new byte[14 + 20 + 20];
        b[12] = 0x08;
        b[14] = 0x45;
        b[17] = 40;
        b[22] = 64;
        b[23] = (byte) proto;
        b[26] = 10;
        b[29] = 1;
        b[30] = 10;
        b[33] = 2;
        b[34] = (byte) 0xc3;
        b[35] = 0x50;
        b[36] = (byte) (port >> 8);
        b[37] = (byte) port;
        if (proto == 17) {
            b[39] = 20;
        } else {
            b[46] = 0x50;
        }
        return b;
    }
}
