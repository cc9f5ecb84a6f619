package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureDiscoveryTest {
    @TempDir
    Path dir;

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void recognisesCapturesByContentNotName() throws Exception {
        byte[][] captures = {
            bytes(0xd4, 0xc3, 0xb2, 0xa1, 2, 0), // pcap µs, little-endian
            bytes(0xa1, 0xb2, 0xc3, 0xd4, 0, 2), // pcap µs, big-endian
            bytes(0x4d, 0x3c, 0xb2, 0xa1, 2, 0), // pcap ns, little-endian
            bytes(0xa1, 0xb2, 0x3c, 0x4d, 0, 2), // pcap ns, big-endian
            bytes(0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0), // pcapng section header block
            gzip(bytes(0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0)),
            gzip(bytes(0xd4, 0xc3, 0xb2, 0xa1, 2, 0)),
        };
        for (int i = 0; i < captures.length; i++) {
            Path f = dir.resolve("file" + i + ".log");
            Files.write(f, captures[i]);
            assertNull(CaptureDiscovery.notCaptureReason(f), "capture " + i);
        }
        Path text = dir.resolve("capture.pcap");
        Files.writeString(text, "# not a capture");
        assertEquals("not a capture (starts with 0x23206e6f)", CaptureDiscovery.notCaptureReason(text));
        Path gzText = dir.resolve("log.gz");
        Files.write(gzText, gzip("hello world".getBytes()));
        assertEquals("gzip file without a pcap or pcapng inside", CaptureDiscovery.notCaptureReason(gzText));
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, bytes(0xd4, 0xc3));
        assertNotNull(CaptureDiscovery.notCaptureReason(tiny));
        Path brokenGzip = dir.resolve("broken.pcap.gz");
        Files.write(brokenGzip, bytes(0x1f, 0x8b, 0x99, 0x99, 0x99));
        assertNull(CaptureDiscovery.notCaptureReason(brokenGzip), "a damaged gzip file is analysed and reported");
    }

    @Test
    void directoriesAreWalkedNamedFilesAlwaysKeptMissingFilesReported() throws Exception {
        Path a = Files.createDirectories(dir.resolve("ci/job-a"));
        Path b = Files.createDirectories(dir.resolve("ci/job-b/deep"));
        Files.write(a.resolve("capture.pcap"), bytes(0xd4, 0xc3, 0xb2, 0xa1, 2, 0));
        Files.write(b.resolve("x.bin"), gzip(bytes(0x0a, 0x0d, 0x0d, 0x0a)));
        Files.writeString(a.resolve("capture.env"), "HTTPS_PROXY=x");
        Path named = dir.resolve("notes.txt");
        Files.writeString(named, "text");
        CaptureDiscovery.Result r = CaptureDiscovery.discover(List.of(dir.resolve("ci").toString(), named.toString(),
                dir.resolve("nope.pcap").toString(), a.resolve("capture.pcap").toString()));
        List<Path> got = r.captures().stream().map(CaptureDiscovery.Candidate::path).toList();
        assertEquals(List.of(a.resolve("capture.pcap"), b.resolve("x.bin"), dir.resolve("nope.pcap"), named), got,
                "sorted, deduplicated");
        assertTrue(r.captures().get(2).missing().startsWith("no such file"));
        assertNull(r.captures().get(3).missing(), "a named non-capture is analysed (and reported as unreadable)");
        assertEquals(List.of(a.resolve("capture.env")), r.skipped().stream().map(CaptureDiscovery.Skip::path).toList());
    }

    @Test
    void globsAreExpandedWhenTheShellDidNot() throws Exception {
        for (String j : List.of("j1", "j2", "k1")) {
            Path d = Files.createDirectories(dir.resolve("runs").resolve(j));
            Files.write(d.resolve("capture.pcap"), bytes(0xd4, 0xc3, 0xb2, 0xa1, 2, 0));
            Files.writeString(d.resolve("log.txt"), "x");
        }
        CaptureDiscovery.Result r = CaptureDiscovery.discover(List.of(dir + "/runs/j*/capture.pcap*"));
        assertEquals(List.of(dir.resolve("runs/j1/capture.pcap"), dir.resolve("runs/j2/capture.pcap")),
                r.captures().stream().map(CaptureDiscovery.Candidate::path).toList());
        CaptureDiscovery.Result deep = CaptureDiscovery.discover(List.of(dir + "/runs/**.pcap"));
        assertEquals(3, deep.captures().size());
        CaptureDiscovery.Result none = CaptureDiscovery.discover(List.of(dir + "/runs/*.pcapng"));
        assertEquals(1, none.captures().size());
        assertTrue(none.captures().get(0).missing().startsWith("no file matches"));
    }
}
