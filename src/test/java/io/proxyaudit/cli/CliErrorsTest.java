package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.capture.CaptureOpener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input a person can give, through the real entry point: the exit code the README documents and the
 * one line on stderr, naming the file or the option once and saying why, never in Java's words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliErrorsTest {
    private static final String SAMPLE = "samples/a-http-proxy-only/capture.pcap";
    private static final String SAMPLE_ENV = "samples/a-http-proxy-only/capture.env";

    @TempDir
    static Path dir;
    Path missing;
    Path notUtf8;
    Path notCapture;
    Path cutGzip;
    Path aFile;

    /** One bad input: the arguments, the exit code, and stderr (exact, or a pattern when it holds a byte offset). */
    record Case(List<String> args, int exit, String stderr, boolean pattern) {
        static Case exact(int exit, String stderr, String... args) {
            return new Case(List.of(args), exit, stderr, false);
        }

        static Case matching(int exit, String regex, String... args) {
            return new Case(List.of(args), exit, regex, true);
        }
    }

    @BeforeAll
    void inputs() throws IOException {
        missing = dir.resolve("nope.pcap");
        notUtf8 = dir.resolve("latin1.env");
        Files.write(notUtf8, "HTTPS_PROXY=http://caf\u00e9:3128\n".getBytes(StandardCharsets.ISO_8859_1));
        notCapture = dir.resolve("notes.pcap");
        Files.writeString(notCapture, "a build log, not a capture\n");
        // a real gzip capture cut in the middle of its compressed stream
        byte[] gz = Files.readAllBytes(Path.of("samples/f-goproxy-fallback/capture.pcap.gz"));
        cutGzip = dir.resolve("cut.pcap.gz");
        Files.write(cutGzip, Arrays.copyOf(gz, gz.length / 2));
        aFile = dir.resolve("a-file");
        Files.writeString(aFile, "x");
    }

    List<Case> cases() {
        String d = dir.toString();
        String m = missing.toString();
        String cut = Pattern.quote(cutGzip.toString());
        List<Case> c = new ArrayList<>();
        // captures that cannot be read: 3, the file named once
        for (String cmd : List.of("flows", "analyze", "stats")) {
            c.add(Case.exact(3, "proxyaudit: " + m + ": no such file or directory", cmd, m));
            c.add(Case.exact(3, "proxyaudit: " + d + ": is a directory, not a capture", cmd, d));
            c.add(Case.exact(3, "proxyaudit: " + notCapture + ": not a pcap or pcapng file (starts with 0x61206275)",
                    cmd, notCapture.toString()));
        }
        // a gzip capture cut short: what was read is reported, and the exit code says it was not all (3)
        String stopped = cut + ": byte offset \\d+: reading stopped: the gzip data ends early \\(the file is cut short\\)";
        c.add(Case.matching(3, "(proxyaudit: warning: " + cut + ": byte offset \\d+: [^\n]+\n)*proxyaudit: warning: "
                + stopped, "flows", "--format", "json", cutGzip.toString()));
        c.add(Case.matching(3, "(proxyaudit: warning: " + cut + ": byte offset \\d+: [^\n]+\n)*proxyaudit: warning: "
                + stopped, "analyze", "--format", "json", "--no-inherit-env", cutGzip.toString()));
        c.add(Case.matching(3, "proxyaudit: " + stopped, "stats", cutGzip.toString()));
        // configuration files: 2, the option and the file named once
        for (String cmd : List.of("analyze", "explain")) {
            String target = cmd.equals("explain") ? "github.com" : SAMPLE;
            c.add(Case.exact(2, "proxyaudit: --env-file " + m + ": no such file or directory",
                    cmd, "--no-inherit-env", "--env-file", m, target));
            c.add(Case.exact(2, "proxyaudit: --env-file " + notUtf8 + ": not UTF-8 text (byte offset "
                    + "HTTPS_PROXY=http://caf".length() + ")",
                    cmd, "--no-inherit-env", "--env-file", notUtf8.toString(), target));
            c.add(Case.exact(2, "proxyaudit: --env-file " + d + ": is a directory, not an env file",
                    cmd, "--no-inherit-env", "--env-file", d, target));
            c.add(Case.exact(2, "proxyaudit: --go-version abc: not a version (expected e.g. 1.22 or 1.22.3)",
                    cmd, "--go-version", "abc", target));
        }
        // numbers: the option named, what it takes
        c.add(Case.exact(2, "proxyaudit: --max-flows -5: must be at least 1", "flows", "--max-flows", "-5", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --max-flows 0: must be at least 1", "analyze", "--max-flows", "0", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --max-flows abc: not a whole number (see 'proxyaudit flows --help')",
                "flows", "--max-flows", "abc", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --max-flows 99999999999: too large (at most 2147483647) (see 'proxyaudit "
                + "flows --help')", "flows", "--max-flows", "99999999999", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --stream-head-bytes 10: must be at least 64",
                "flows", "--stream-head-bytes", "10", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --idle-timeout 0: must be a number of seconds above 0 (at most 1000000000)",
                "flows", "--idle-timeout", "0", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --idle-timeout NaN: not a number (see 'proxyaudit flows --help')",
                "flows", "--idle-timeout", "NaN", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --max-listed-flows -1: must be at least 0",
                "analyze", "--max-listed-flows", "-1", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --max-record-bytes 0: must be from 1 to 16777216",
                "stats", "--max-record-bytes", "0", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --max-gzip-bytes 0: must be above 0 (see 'proxyaudit stats --help')",
                "stats", "--max-gzip-bytes", "0", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --threads 0: must be from 1 to 1024",
                "batch", "--threads", "0", "--out", d + "/out", SAMPLE));
        // names and enums
        c.add(Case.exact(2, "proxyaudit: --format xml: expected one of [table, json, csv] (see 'proxyaudit flows "
                + "--help')", "flows", "--format", "xml", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --fail-on most: expected go, any or none", "analyze", "--fail-on", "most", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --reader tcpdump: expected java or libpcap (see 'proxyaudit stats --help')",
                "stats", "--reader", "tcpdump", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --env HTTPS_PROXY: expected KEY=VALUE", "analyze", "--env", "HTTPS_PROXY", SAMPLE));
        // outputs: checked before any work, the option named
        c.add(Case.exact(2, "proxyaudit: --report " + d + "/missing/r.html: its directory does not exist",
                "analyze", "--report", d + "/missing/r.html", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --report " + d + ": is a directory; give a file name",
                "analyze", "--report", d, SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --json " + aFile + "/x.ndjson: its parent is not a directory",
                "analyze", "--json", aFile + "/x.ndjson", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --csv " + aFile + ": is a file, not a directory", "analyze", "--csv",
                aFile.toString(), SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --out " + aFile + "/out: " + aFile + " is a file, not a directory",
                "batch", "--out", aFile + "/out", SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --junit " + d + ": is a directory; give a file name",
                "batch", "--out", d + "/out2", "--junit", d, SAMPLE));
        c.add(Case.exact(2, "proxyaudit: --report and --csv take one capture; use 'proxyaudit batch' for several",
                "analyze", "--report", d + "/r.html", SAMPLE, SAMPLE));
        c.add(Case.exact(2, "proxyaudit: Missing required parameter: 'CAPTURE' (see 'proxyaudit flows --help')", "flows"));
        // run: every mistake is found before the command starts (a typo must not cost a whole CI job)
        String runUsage = "proxyaudit: give the command to run after '--': proxyaudit run [OPTIONS] -- COMMAND [ARGS...]";
        c.add(Case.exact(2, runUsage, "run", "true"));
        c.add(Case.exact(2, runUsage, "run", "--fail-on", "any", "--"));
        c.add(Case.exact(2, "proxyaudit: --env-file: not with run, which audits against COMMAND's own environment; set "
                + "variables with --env K=V (COMMAND gets them too)", "run", "--env-file", SAMPLE_ENV, "--", "true"));
        c.add(Case.exact(2, "proxyaudit: --fail-on most: expected go, any or none", "run", "--fail-on", "most", "--", "true"));
        c.add(Case.exact(2, "proxyaudit: --drain-millis -1: must be from 0 to 600000", "run", "--drain-millis", "-1",
                "--", "true"));
        c.add(Case.exact(2, "proxyaudit: --env HTTPS_PROXY: expected KEY=VALUE", "run", "--env", "HTTPS_PROXY", "--", "true"));
        c.add(Case.exact(2, "proxyaudit: --write " + d + "/missing/c.pcapng: its directory does not exist",
                "run", "--write", d + "/missing/c.pcapng", "--", "true"));
        c.add(Case.exact(2, "proxyaudit: --report " + d + ": is a directory; give a file name",
                "run", "--report", d, "--", "true"));
        c.add(Case.exact(2, "proxyaudit: Unknown option: '--no-such-option' (see 'proxyaudit run --help')",
                "run", "--no-such-option", "--", "true"));
        return c;
    }

    @Test
    void eachBadInputGivesItsExitCodeAndOneLineThatNamesItAndSaysWhy() {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases()) {
            FlowsCommandTest.Run r = FlowsCommandTest.run(c.args().toArray(String[]::new));
            String err = r.err().strip();
            boolean ok = c.exit() == r.exit() && (c.pattern() ? Pattern.compile(c.stderr()).matcher(err).matches()
                    : c.stderr().equals(err));
            if (!ok) {
                wrong.add(String.join(" ", c.args()) + "\n  expected " + c.exit() + " " + c.stderr() + "\n  got      "
                        + r.exit() + " " + err);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** No exception class name or stack frame reaches the user, whatever the input. */
    @Test
    void noJavaWordsOnStderr() {
        for (Case c : cases()) {
            FlowsCommandTest.Run r = FlowsCommandTest.run(c.args().toArray(String[]::new));
            for (String line : r.err().split("\n")) {
                assertFalse(line.contains("Exception") || line.contains("at io.") || line.contains("java."),
                        String.join(" ", c.args()) + ": " + line);
            }
        }
    }

    /** What a cut gzip capture held before the cut is still printed; the capture record counts the stop. */
    @Test
    void aCutGzipCaptureStillPrintsWhatWasRead() {
        FlowsCommandTest.Run r = FlowsCommandTest.run("flows", "--format", "json", cutGzip.toString());
        assertEquals(ExitCodes.UNREADABLE, r.exit());
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("{\"type\":\"flow\"")), r.out());
        String capture = r.lines().get(r.lines().size() - 1);
        assertTrue(capture.startsWith("{\"type\":\"capture\"") && capture.contains("reading stopped"), capture);
    }

    /** In batch the cut gzip capture is "not read fully": counted so in summary.json, and the exit code is 3. */
    @Test
    void batchCountsACutGzipCaptureAsNotReadFully() throws IOException {
        Path out = dir.resolve("batch-cut");
        FlowsCommandTest.Run r = FlowsCommandTest.run("batch", "--quiet", "--no-inherit-env", "--out", out.toString(),
                cutGzip.toString(), SAMPLE);
        assertEquals(ExitCodes.UNREADABLE, r.exit(), r.err());
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.replaceAll("\\s", "").contains("\"incomplete\":1"), summary);
        assertTrue(r.err().contains("cut.pcap.gz") && r.err().contains("the gzip data ends early"), r.err());
    }

    @Test
    void noArgumentsIsAUsageErrorWithTheUsageOnStderr() {
        FlowsCommandTest.Run r = FlowsCommandTest.run();
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Usage: proxyaudit "), r.err());
        assertTrue(r.err().contains("analyze") && r.err().contains("batch"), r.err());
    }

    /** A filter libpcap does not compile is a usage error for every reading command (needs libpcap installed). */
    @Test
    void aBpfSyntaxErrorIsAUsageErrorNamingTheOption() {
        try {
            CaptureOpener.checkLibpcap();
        } catch (IOException e) {
            assumeTrue(false, "libpcap is not installed: " + e.getMessage());
        }
        for (String cmd : List.of("flows", "analyze", "stats")) {
            FlowsCommandTest.Run r = FlowsCommandTest.run(cmd, "--bpf", "tcp port", SAMPLE);
            assertEquals(ExitCodes.USAGE, r.exit(), cmd);
            assertEquals("proxyaudit: --bpf \"tcp port\": can't parse filter expression: syntax error", r.err().strip());
        }
        FlowsCommandTest.Run b = FlowsCommandTest.run("batch", "--bpf", "tcp port", "--out", dir + "/b", SAMPLE);
        assertEquals(ExitCodes.USAGE, b.exit(), b.err());
        FlowsCommandTest.Run good = FlowsCommandTest.run("analyze", "--bpf", "tcp port 443", "--no-inherit-env",
                "--env-file", SAMPLE_ENV, "--fail-on", "none", SAMPLE);
        assertEquals(0, good.exit(), good.err());
    }
}
