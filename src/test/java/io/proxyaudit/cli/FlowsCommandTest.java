package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.testutil.SharedCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowsCommandTest {
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    /** Runs the CLI in-process with stdout and stderr captured. */
    static Run run(String... args) {
        return run(new ByteArrayOutputStream(), args);
    }

    /** Runs the CLI in-process with stdout going to {@code stdout} (captured when it is a byte array stream). */
    static synchronized Run run(java.io.OutputStream stdout, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            StandardOutput.redirect(stdout); // its errors reach the command as they are (System.out swallows them)
            int exit = Main.run(args);
            String out = stdout instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "";
            return new Run(exit, out, err.toString(StandardCharsets.UTF_8));
        } finally {
            StandardOutput.redirect(null);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** flows --format csv is written by analyze's CSV writer: its flow columns without the audit's, CRLF (RFC 4180). */
    @Test
    void csvIsAnalyzesFlowTableWithoutTheAuditColumns() {
        Run csv = run("flows", "--format", "csv", "samples/a-http-proxy-only/capture.pcap");
        assertEquals(0, csv.exit(), csv.err());
        assertEquals("file,id,transport,start,end,duration_ms,client_ip,client_port,server_ip,server_port,host,state,"
                + "syn_count,packets_c2s,packets_s2c,bytes_c2s,bytes_s2c,sni,tunnel_sni,alpn,ja4,connect_target,"
                + "connect_status,http_hosts,flags,server_names,http_requests,process\r", csv.lines().get(0));
        assertTrue(csv.out().endsWith("\r\n"));
        assertEquals(csv.lines().size(), csv.out().split("\r\n").length, "every line ends with CRLF");
    }

    @Test
    void helpShowsTheLimitOptions() {
        Run r = run("flows", "--help");
        assertEquals(0, r.exit());
        for (String o : List.of("--format", "--stream-head-bytes", "--max-ooo-segments", "--max-flows", "--idle-timeout",
                "--max-http-per-flow", "--reader")) {
            assertTrue(r.out().contains(o), o + " missing from --help");
        }
    }

    @Test
    void badLimitIsAUsageError() {
        Run r = run("flows", "--idle-timeout", "-5", "x.pcap");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--idle-timeout"), r.err());
    }

    @Test
    void unreadableCaptureGivesExit3ButTheOthersAreStillPrinted(@TempDir Path dir) throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        Path junk = dir.resolve("junk.pcap");
        Files.writeString(junk, "not a capture at all, just text\n");
        String good = corpus.resolve("captures/suricata__http-connect-simple__input.pcap").toString();
        Run r = run("flows", "--format", "json", junk.toString(), good);
        assertEquals(ExitCodes.UNREADABLE, r.exit());
        assertTrue(r.err().contains("junk.pcap"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        List<String> lines = r.lines();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("{\"type\":\"flow\""));
        assertTrue(lines.get(0).contains("\"connect\":{\"target\":\"abc:443\",\"status\":200}"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"type\":\"capture\",\"schema_version\":4"));
    }

    @Test
    void csvHasOneRowPerFlowAndTableOneLinePerFlowAndLookup() {
        Path corpus = SharedCorpus.requireCorpus();
        String dns = corpus.resolve("captures/gopacket__test_dns.pcap").toString();
        Run json = run("flows", "--format", "json", dns);
        long flows = json.lines().stream().filter(l -> l.startsWith("{\"type\":\"flow\"")).count();
        long lookups = json.lines().stream().filter(l -> l.startsWith("{\"type\":\"dns\"")).count();
        assertTrue(flows > 0 && lookups > 0);
        Run csv = run("flows", "--format", "csv", dns);
        assertEquals(0, csv.exit());
        assertTrue(csv.lines().get(0).startsWith("file,id,transport,"));
        assertEquals(flows + 1, csv.lines().size());
        Run table = run("flows", dns);
        assertEquals(0, table.exit());
        long tableLookups = table.lines().stream().filter(l -> l.matches("\\S+ dns .*")).count();
        long tableFlows = table.lines().stream().filter(l -> l.matches("\\S+ #\\d+ .*")).count();
        assertEquals(lookups, tableLookups, table.out());
        // UDP flows that carried the lookups listed are not repeated; the closing lines count them
        String udpDns = table.lines().stream().filter(l -> l.contains(" UDP DNS, shown as ")).findFirst()
                .orElse("(0 of the flows");
        long shownAsLookups = Long.parseLong(udpDns.replaceAll("^\\s*\\((\\d+) of the flows.*", "$1"));
        assertEquals(flows, tableFlows + shownAsLookups, table.out());
        assertTrue(table.out().contains(" flows, " + lookups + " DNS lookups, "), table.out());
    }

    /** Standard output that takes {@code room} bytes, then fails with {@code message}. */
    static java.io.OutputStream failingAfter(int room, String message) {
        return new java.io.OutputStream() {
            int taken;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (taken + len > room) {
                    throw new java.io.IOException(message);
                }
                taken += len;
            }
        };
    }

    /**
     * A reader that goes away ({@code | head -1}: EPIPE, "Broken pipe") is the normal end of a filter: no message,
     * the exit code of what was done; any other write error is exit 3 with one line. Every command that writes.
     */
    @Test
    void aClosedPipeEndsQuietlyAndAFullDiskIsAnError() {
        String sample = "samples/j-busy-mixed/capture.pcapng";
        String env = "samples/j-busy-mixed/capture.env";
        for (String[] args : new String[][] {
                {"flows", sample}, {"flows", "--format", "json", sample}, {"flows", "--format", "csv", sample},
                {"analyze", "--no-inherit-env", "--env-file", env, "--format", "json", sample},
                {"analyze", "--no-inherit-env", "--env-file", env, sample},
                {"stats", sample, sample, sample}, {"explain", "--no-inherit-env", "golang.org/x/text@v0.14.0"},
                {"flows", "--help"}}) {
            for (int room : new int[] {0, 100}) { // every one of these outputs is longer
                Run closed = run(failingAfter(room, "Broken pipe"), args);
                assertEquals(0, closed.exit(), String.join(" ", args) + " after " + room + ": " + closed.err());
                assertEquals("", closed.err(), String.join(" ", args));
                Run full = run(failingAfter(room, "No space left on device"), args);
                assertEquals(ExitCodes.UNREADABLE, full.exit(), String.join(" ", args) + ": " + full.err());
                assertEquals("proxyaudit: cannot write standard output: no space left on device; the output is "
                        + "incomplete", full.err().strip(), String.join(" ", args));
            }
        }
        // the closed pipe keeps the exit code of what was judged: findings stay 1
        Run findings = run(failingAfter(10, "Broken pipe"), "analyze", "--no-inherit-env", "--env-file",
                "samples/a-http-proxy-only/capture.env", "--format", "json", "samples/a-http-proxy-only/capture.pcap");
        assertEquals(ExitCodes.FINDINGS, findings.exit(), findings.err());
    }

    /** Standard output that fails like a full disk: PrintStream swallows the error, the command must not. */
    @Test
    void aFailingStandardOutputIsReportedNotSwallowed() {
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        String sample = "samples/j-busy-mixed/capture.pcapng";
        for (String[] args : new String[][] {
                {"flows", "--format", "json", sample},
                {"analyze", sample, "--no-inherit-env", "--env-file", "samples/j-busy-mixed/capture.env", "--format", "json",
                        "--fail-on", "none"}}) {
            Run r = run(full, args);
            String stderr = r.err();
            int exit = r.exit();
            assertEquals(ExitCodes.UNREADABLE, exit, args[0] + ": " + stderr);
            assertEquals("proxyaudit: cannot write standard output: no space left on device; the output is incomplete",
                    stderr.strip(), args[0]);
        }
    }

    /** Zeek's TE/CL desync trace sends Transfer-Encoding and Content-Length in one request: the NDJSON says so. */
    @Test
    void httpRequestFlagsAreWrittenPerRequest() {
        Path corpus = SharedCorpus.requireCorpus();
        Run r = run("flows", "--format", "json", corpus.resolve("captures/zeek__variant-04-te_cl_desync.pcap").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("{\"type\":\"flow\"")
                && l.matches(".*\"http\":\\[\\{[^\\]]*\"flags\":\\[\"te-and-cl\"\\].*")), r.out());
    }
}
