package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Main builds only the command asked for; usage, messages and exit codes must read as under the full model. */
class MainTest {
    /** The in-process runner the other CLI tests use (stdout and stderr captured). */
    private static FlowsCommandTest.Run run(String... args) {
        return FlowsCommandTest.run(args);
    }

    @Test
    void aSubcommandsHelpAndErrorsNameItUnderProxyaudit() {
        for (String cmd : new String[] {"stats", "flows", "analyze", "explain", "batch"}) {
            FlowsCommandTest.Run help = run(cmd, "--help");
            assertEquals(0, help.exit(), cmd);
            assertTrue(help.out().startsWith("Usage: proxyaudit " + cmd + " "), cmd + ": " + help.out());
            FlowsCommandTest.Run bad = run(cmd, "--no-such-option", "x.pcap");
            assertEquals(ExitCodes.USAGE, bad.exit(), cmd);
            assertTrue(bad.err().matches("proxyaudit: [^\n]+ \\(see 'proxyaudit " + cmd + " --help'\\)\n"), bad.err());
        }
    }

    @Test
    void topLevelVersionHelpAndUnknownCommands() {
        FlowsCommandTest.Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith(Main.VERSION + "\n"), version.out()); // the rest: VersionProviderTest
        FlowsCommandTest.Run help = run("--help");
        assertTrue(help.out().contains("Commands:") && help.out().contains("analyze"), help.out());
        FlowsCommandTest.Run unknown = run("nope");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().endsWith("(see 'proxyaudit --help')\n"), unknown.err());
    }

    @Test
    void theLimitOptionsAreTakenAndCheckedByEveryReadingCommand() {
        String capture = "samples/a-http-proxy-only/capture.pcap";
        for (String cmd : new String[] {"stats", "flows"}) {
            FlowsCommandTest.Run bad = run(cmd, "--max-record-bytes", "0", capture);
            assertEquals(ExitCodes.USAGE, bad.exit(), cmd + ": " + bad.err());
            assertEquals("proxyaudit: --max-record-bytes 0: must be from 1 to 16777216\n", bad.err());
        }
        FlowsCommandTest.Run badNames = run("flows", "--max-names", "-1", capture);
        assertEquals(ExitCodes.USAGE, badNames.exit(), badNames.err());
        // a record limit below the sample's frames makes them damage: warnings, and still exit 0 or 1, never a crash
        FlowsCommandTest.Run tiny = run("stats", "--max-record-bytes", "40", capture);
        assertTrue(tiny.exit() == 0 || tiny.exit() == 1, tiny.err());
        assertTrue(tiny.err().contains("bad-record-length") || tiny.out().contains("bad_record_headers"),
                tiny.out() + tiny.err());
        FlowsCommandTest.Run names = run("flows", "--format", "json", "--max-names", "1", "--max-pending-dns", "1", capture);
        assertEquals(0, names.exit(), names.err());
        assertTrue(names.out().contains("\"type\":\"capture\""), names.out());
    }

    @Test
    void aMissingCaptureIsAOneLineError() {
        FlowsCommandTest.Run r = run("flows", "/nonexistent/x.pcap");
        assertEquals(ExitCodes.UNREADABLE, r.exit());
        assertTrue(r.err().contains("/nonexistent/x.pcap"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
