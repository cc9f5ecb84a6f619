package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive (`mvn -Prelease verify`; .ci/run builds it before the tests) unpacked somewhere else than it
 * was built: its bin/proxyaudit runs on the archive's own runtime, maps the class-data archive there (-Xshare:on
 * fails the run if it cannot) and answers as the jar does in-process. Skipped when no archive was built.
 */
class ReleaseArchiveTest {
    private static final String SAMPLE = "samples/a-http-proxy-only/";

    @TempDir
    Path tmp;
    Path home;

    record Result(int exit, String out, String err) {}

    @BeforeEach
    void unpack() throws Exception {
        Path archive = ReleaseLayout.archive();
        Assumptions.assumeTrue(archive != null, "no release archive (mvn -Prelease verify -DskipTests builds it)");
        Result tar = exec(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", tmp.toString()));
        assertEquals(0, tar.exit(), tar.err());
        try (var top = Files.list(tmp)) {
            List<Path> entries = top.toList();
            assertEquals(1, entries.size(), "the archive unpacks into one folder: " + entries);
            home = entries.get(0);
        }
        assertEquals(archive.getFileName().toString().replace(".tar.gz", ""), home.getFileName().toString());
        // an archive left from an earlier build is not this build's: its answers may differ for good reasons
        Result version = proxyaudit("--version");
        assertEquals(0, version.exit(), "the unpacked archive's proxyaudit --version: " + version.err());
        String commit = FlowsCommandTest.run("--version").out().split("\n")[1];
        Assumptions.assumeTrue(version.out().contains("\n" + commit + "\n"), "target/release is not from this build ("
                + commit + "; the archive says " + version.out().replace('\n', ' ') + version.err()
                + "): mvn -Prelease verify -DskipTests builds it anew");
    }

    @Test
    void versionNamesTheArchivesOwnRuntime() throws Exception {
        Result run = proxyaudit("--version");
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\n");
        String[] inProcess = FlowsCommandTest.run("--version").out().split("\n");
        assertEquals(inProcess[0], lines[0]);
        assertTrue(lines[2].startsWith("runtime Java 17") && lines[2].endsWith(" at " + home.resolve("runtime")),
                lines[2]);
    }

    @Test
    void quickStartAnswersAsTheJarDoes() throws Exception {
        Path report = tmp.resolve("report.html");
        String[] args = {"analyze", SAMPLE + "capture.pcap", "--no-inherit-env", "--env-file", SAMPLE + "capture.env",
            "--format", "json", "--fail-on", "any"};
        List<String> withReport = new ArrayList<>(List.of(args));
        withReport.addAll(List.of("--report", report.toString()));
        Result archive = proxyaudit(withReport.toArray(String[]::new));
        FlowsCommandTest.Run jar = FlowsCommandTest.run(args);
        assertEquals(jar.exit(), archive.exit(), archive.err());
        assertEquals(1, archive.exit(), "the sample has bypasses: --fail-on any must fail");
        assertEquals(jar.out(), archive.out());
        assertTrue(Files.size(report) > 10_000 && Files.readString(report).contains("<svg"),
                "the report and its charts (java.desktop in the runtime)");
    }

    /** pcap4j loads libpcap through JNA: the runtime's modules must carry it too. */
    @Test
    void libpcapReaderRunsOnTheArchivesRuntime() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8")),
                "libpcap is not installed");
        String[] args = {"flows", "--format", "json", "--reader", "libpcap", SAMPLE + "capture.pcap"};
        Result archive = proxyaudit(args);
        FlowsCommandTest.Run jar = FlowsCommandTest.run(args);
        assertEquals(0, archive.exit(), archive.err());
        assertEquals(jar.out(), archive.out());
    }

    /** The unpacked bin/proxyaudit with -Xshare:on: a class-data archive that does not map fails the run. */
    private Result proxyaudit(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/proxyaudit").toString());
        command.addAll(List.of(args));
        return exec(command);
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PROXYAUDIT_JAVA_OPTS", "-Xshare:on");
        pb.environment().remove("PROXYAUDIT_JAR");
        Path err = Files.createTempFile("proxyaudit-release", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " did not finish");
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
