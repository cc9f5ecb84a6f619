package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code proxyaudit --version} names the release of pom.xml, the commit of this clone and the running Java. */
class VersionProviderTest {

    @Test
    void versionNamesTheReleaseTheCommitAndTheRuntime() throws Exception {
        FlowsCommandTest.Run run = FlowsCommandTest.run("--version");
        assertEquals(0, run.exit());
        String[] lines = run.out().split("\n");
        assertEquals(3, lines.length, run.out());
        assertEquals("proxyaudit " + pomVersion(), lines[0]);
        assertEquals(Main.VERSION, lines[0], "summary.json's version (Main.VERSION) must follow pom.xml");
        String head = git("rev-parse", "HEAD");
        Assumptions.assumeTrue(head != null, "no git clone here: the commit line is not checked");
        Matcher commit = Pattern.compile("commit ([0-9a-f]{12})(-dirty)?").matcher(lines[1]);
        assertTrue(commit.matches(), lines[1]);
        assertTrue(head.startsWith(commit.group(1)), lines[1] + " is not HEAD " + head);
        assertEquals("runtime Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"), lines[2]);
    }

    static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>proxyaudit</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "pom.xml names no version for proxyaudit");
        return m.group(1);
    }

    /** git's one-line answer, or null where there is no git or no clone. */
    private static String git(String... args) throws InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
