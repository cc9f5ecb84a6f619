package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.CaptureBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every resource limit is an option whose default --help shows, and hitting it is counted in the output. */
class LimitsTest {
    @TempDir
    Path dir;

    @Test
    void flowsHelpShowsEveryLimitWithItsDefault() {
        CliRun r = CliRun.run("flows", "--help");
        assertEquals(0, r.exit());
        String help = r.out().replaceAll("\\s+", " ");
        for (String[] o : new String[][] {{"--max-gzip-bytes", "16G"}, {"--stream-head-bytes", "65536"},
                {"--max-ooo-segments", "32"}, {"--max-flows", "1000000"}, {"--idle-timeout", "300"},
                {"--max-http-per-flow", "4096"}}) {
            Matcher m = Pattern.compile(Pattern.quote(o[0]) + "=\\S+ (?:(?! --[a-z]).)*?default:? " + Pattern.quote(o[1]))
                    .matcher(help);
            assertTrue(m.find(), o[0] + " with default " + o[1] + " in: " + help);
        }
    }

    @Test
    void statsHelpShowsTheDecompressionLimit() {
        CliRun r = CliRun.run("stats", "--help");
        assertTrue(r.out().replaceAll("\\s+", " ").contains("--max-gzip-bytes=SIZE Stop decompressing"), r.out());
        assertTrue(r.out().contains("default 16G"), r.out());
    }

    /** Three connections (SYN, SYN-ACK, one request each) through a table of one. */
    @Test
    void flowLimitsHitAreCountedInTheCaptureRecord() throws IOException {
        CaptureBytes c = CaptureBytes.create().pcapHeader(true, false, 65535, 101);
        byte[] pkt = new byte[40 + 200];
        for (int i = 0; i < 3; i++) {
            int n = SyntheticCapture.tcp4(pkt, 0, 0x0A000001, 0xC0000201, 40000 + i, 80, 100, 0, 0x02, 0);
            c.pcapRecord(1_700_000_000L, i * 10, java.util.Arrays.copyOf(pkt, n), n);
            n = SyntheticCapture.tcp4(pkt, 0, 0xC0000201, 0x0A000001, 80, 40000 + i, 900, 101, 0x12, 0);
            c.pcapRecord(1_700_000_000L, i * 10 + 1, java.util.Arrays.copyOf(pkt, n), n);
            byte[] req = ("GET /" + "x".repeat(150) + " HTTP/1.1\r\nHost: h" + i + ".example\r\n\r\n").getBytes();
            System.arraycopy(req, 0, pkt, 40, req.length);
            n = SyntheticCapture.tcp4(pkt, 0, 0x0A000001, 0xC0000201, 40000 + i, 80, 101, 901, 0x18, req.length);
            c.pcapRecord(1_700_000_000L, i * 10 + 2, java.util.Arrays.copyOf(pkt, n), n);
        }
        Path cap = c.write(dir, "three.pcap");
        CliRun r = CliRun.run("flows", "--format", "json", "--max-flows", "1", "--stream-head-bytes", "64",
                cap.toString());
        assertEquals(0, r.exit(), r.err());
        String capture = r.out().lines().filter(l -> l.contains("\"type\":\"capture\"")).findFirst().orElseThrow();
        assertEquals(2, counter(capture, "flows_evicted"), capture);
        assertTrue(counter(capture, "stream_heads_cut") >= 3, "request heads over 64 bytes cut: " + capture);
        assertEquals(3, r.out().lines().filter(l -> l.contains("\"type\":\"flow\"")).count(), "all three flows reported");
    }

    private static long counter(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
