package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --summary-md}, {@code $GITHUB_STEP_SUMMARY} and {@code --annotations github} through analyze and batch on
 * the lab capture samples/a-http-proxy-only (Go's https fetches of proxy.golang.org and sum.golang.org went direct:
 * only HTTP_PROXY was set).
 */
class JobSummaryTest {
    private static final String A = "samples/a-http-proxy-only/capture.pcap";
    private static final String A_ENV = "samples/a-http-proxy-only/capture.env";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    /** Runs the command in-process: analyze writes standard output itself, batch through picocli's writer. */
    static synchronized Run run(Callable<Integer> command, String... args) {
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.configure(new CommandLine(command));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        StandardOutput.redirect(stdout);
        try {
            int exit = cl.execute(args);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            StandardOutput.redirect(null);
        }
    }

    static AnalyzeCommand analyze(Map<String, String> env) {
        AnalyzeCommand a = new AnalyzeCommand();
        a.jobSummary.processEnv = env;
        return a;
    }

    @Test
    void githubsStepSummaryIsAppendedToByDefaultAndLeftAloneWhenAsked() throws Exception {
        Path step = dir.resolve("step_summary.md");
        Files.writeString(step, "## an earlier step's summary\n");
        Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", step.toString());
        Run r = run(analyze(env), "--no-inherit-env", "--env-file", A_ENV, "--format", "json", A);
        assertEquals(1, r.exit(), r.err());
        String md = Files.readString(step, StandardCharsets.UTF_8);
        assertTrue(md.startsWith("## an earlier step's summary\n### proxyaudit: `" + A + "` \u2014 FAIL (--fail-on go)"), md);
        assertTrue(md.contains("`proxy.golang.org:443` (module-proxy, 2 flows, fails the job)"), md);

        run(analyze(env), "--no-inherit-env", "--env-file", A_ENV, "--format", "json", "--no-step-summary", A);
        assertEquals(md, Files.readString(step, StandardCharsets.UTF_8), "--no-step-summary: untouched");
    }

    @Test
    void summaryFileAndAnnotationsOnStandardOutputAfterTheTextSummary() throws Exception {
        Path md = dir.resolve("summary.md");
        Run r = run(analyze(Map.of()), "--no-inherit-env", "--env-file", A_ENV, "--summary-md", md.toString(),
                "--annotations", "github", A);
        assertEquals(1, r.exit(), r.err());
        List<String> commands = r.out().lines().filter(l -> l.startsWith("::")).toList();
        assertEquals(2, commands.size(), r.out());
        assertTrue(commands.get(0).startsWith("::error title=proxyaudit%3A direct-bypass proxy.golang.org%3A443 "
                + "(module-proxy)::"), commands.get(0));
        assertTrue(commands.get(1).startsWith("::error title=proxyaudit%3A direct-bypass sum.golang.org%3A443"), commands.get(1));
        assertTrue(Files.readString(md).contains("**Findings (2)**"));
        // below --fail-on: warnings, and the exit code stays 0
        Run none = run(analyze(Map.of()), "--no-inherit-env", "--env-file", A_ENV, "--fail-on", "none",
                "--annotations", "github", "--format", "json", A);
        assertEquals(0, none.exit());
        assertEquals(2, none.err().lines().filter(l -> l.startsWith("::warning title=")).count(), none.err());
        assertFalse(none.out().lines().anyMatch(l -> l.startsWith("::")), "with --format json the commands go to stderr, stdout stays NDJSON");
    }

    @Test
    void batchWritesOneSummaryForAllCaptures() throws Exception {
        Path md = dir.resolve("batch.md");
        BatchCommand b = new BatchCommand();
        b.jobSummary.processEnv = Map.of();
        b.processEnv = Map.of();
        Run r = run(b, "--no-inherit-env", "--env-file", A_ENV, "--quiet", "--out", dir.resolve("out").toString(),
                "--summary-md", md.toString(), "--annotations", "github", A, "samples/b-https-proxy/capture.pcap");
        String text = Files.readString(md);
        assertTrue(text.startsWith("### proxyaudit batch: 2 captures \u2014 FAIL (--fail-on go)"), text);
        assertTrue(text.contains("| `a-http-proxy-only/capture.pcap` | FAIL |") || text.contains("capture.pcap` | FAIL |"), text);
        assertTrue(text.contains("Index: `" + dir.resolve("out").resolve("index.html") + "`"), text);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("::error title=")), r.out());
    }

    @Test
    void anUnwritableSummaryIsCaughtBeforeTheWorkAndAFailedAppendIsExit3() throws Exception {
        Run bad = run(analyze(Map.of()), "--summary-md", dir.resolve("no/such/dir/s.md").toString(), A);
        assertEquals(2, bad.exit());
        assertEquals("proxyaudit: --summary-md " + dir.resolve("no/such/dir/s.md") + ": its directory does not exist",
                bad.err().strip());
        Path step = dir.resolve("a-directory");
        Files.createDirectory(step);
        Run r = run(analyze(Map.of("GITHUB_STEP_SUMMARY", step.toString())), "--no-inherit-env", "--env-file", A_ENV,
                "--fail-on", "none", "--format", "json", A);
        assertEquals(3, r.exit());
        assertEquals("proxyaudit: GITHUB_STEP_SUMMARY " + step + ": cannot append to it: is a directory "
                + "(--no-step-summary leaves it alone)", r.err().strip());
    }
}
