package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.proxyaudit.capture.CaptureBytes;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatsCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new StatsCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path capture() throws Exception {
        return CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1_700_000_000L, 250_000, CaptureBytes.payload(60, 0), 60)
                .pcapRecord(1_700_000_002L, 750_000, CaptureBytes.payload(70, 0), 70)
                .write(dir, "two.pcap");
    }

    /** Top-level scalar fields of one JSON object line. */
    private static Map<String, String> fields(String line) throws Exception {
        Map<String, String> m = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    m.put(name, "<nested>");
                } else {
                    m.put(name, p.getText());
                }
            }
        }
        return m;
    }

    @Test
    void textSummary() throws Exception {
        assertEquals(ExitCodes.OK, run(capture().toString()));
        String s = out.toString();
        assertTrue(s.contains("File format:            pcap, little-endian"), s);
        assertTrue(s.contains("Link types:             1 (EN10MB)"), s);
        assertTrue(s.contains("Packets:                2"), s);
        assertTrue(s.contains("Captured bytes:         130"), s);
        assertTrue(s.contains("(1700000000.250000000)"), s);
        assertTrue(s.contains("Duration:               2.500000000 s"), s);
        assertTrue(s.contains("Warnings:               0"), s);
    }

    @Test
    void jsonOneObjectPerCaptureAndUnreadableExitCode() throws Exception {
        Path notCapture = dir.resolve("notes.txt");
        Files.writeString(notCapture, "hello");
        assertEquals(ExitCodes.UNREADABLE, run("--format", "json", capture().toString(), notCapture.toString()));
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length);
        Map<String, String> a = fields(lines[0]);
        assertEquals("pcap", a.get("format"));
        assertEquals("2", a.get("packets"));
        assertEquals("1700000000.250000000", a.get("first_ts"));
        assertEquals("1700000002.750000000", a.get("last_ts"));
        Map<String, String> b = fields(lines[1]);
        assertEquals("not a pcap or pcapng file (starts with 0x68656c6c)", b.get("error"));
        assertEquals("proxyaudit: " + notCapture + ": not a pcap or pcapng file (starts with 0x68656c6c)",
                err.toString().strip());
    }

    @Test
    void warningsAreListedWithOffsets() throws Exception {
        CaptureBytes b = CaptureBytes.create().pcapHeader(true, false, 65535, 1)
                .pcapRecord(1, 0, CaptureBytes.payload(60, 0), 60).pcapRecordHeader(2, 0, 100, 100).zeros(10);
        assertEquals(ExitCodes.OK, run(b.write(dir, "cut.pcap").toString()));
        assertTrue(out.toString().contains("byte offset 100: last record cut short"), out.toString());
    }

    /** Runs the CLI in a child JVM whose pcap4j is pointed at a library that does not exist. */
    @Test
    void missingLibpcapIsOneLineNotAStackTrace() throws Exception {
        Path cap = capture();
        for (String[] args : new String[][] {{"--reader", "libpcap"}, {"--bpf", "tcp"}}) {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so.0",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "stats"));
            cmd.addAll(java.util.List.of(args));
            cmd.add(cap.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String stderr = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.getInputStream().readAllBytes();
            assertEquals(ExitCodes.USAGE, p.waitFor(), "an option that cannot work here is a usage error");
            assertEquals(1, stderr.strip().lines().count(), stderr);
            assertTrue(stderr.startsWith("proxyaudit: " + args[0] + " "), stderr);
            assertTrue(stderr.contains(" needs libpcap, which is not installed or could not be loaded"), stderr);
            assertTrue(stderr.contains("apt-get install libpcap0.8"), stderr);
        }
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCodes.USAGE, Main.run("stats"));
        assertEquals(ExitCodes.USAGE, Main.run("stats", "--reader", "tcpdump", "x.pcap"));
        assertEquals(ExitCodes.USAGE, Main.run("stats", "--max-gzip-bytes", "lots", "x.pcap"));
    }

    @Test
    void corpusCaptureMatchesCapinfos() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        Path f = corpus.resolve("captures/zeek__pcapng-multi-interface.pcapng");
        assertEquals(ExitCodes.OK, run("--format", "json", f.toString()));
        Map<String, String> m = fields(out.toString().strip());
        // capinfos.tsv: pcapng, 1 section, 2 interfaces (ns, us), 6 packets, 1767663089.500330493 .. 1767663437.140942
        assertEquals("pcapng", m.get("format"));
        assertEquals("2", m.get("interfaces"));
        assertEquals("6", m.get("packets"));
        assertEquals("1767663089.500330493", m.get("first_ts"));
        assertEquals("1767663437.140942000", m.get("last_ts"));
    }
}
