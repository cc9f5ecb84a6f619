package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TerminalSummaryTest {
    @Test
    void summaryGivesVerdictTableAndFindingsWithRemediation() {
        String s = TerminalSummary.render(ReportFixtures.small(), TerminalSummary.Options.plain(100));
        String[] lines = s.split("\n");
        assertEquals("Capture go-mod-download.pcapng: 142 packets, 6.6 s, 5 connections, 4 DNS lookups", lines[0]);
        assertTrue(lines[1].startsWith("Judged against: http "), lines[1]);
        int verdict = 1;
        while (!lines[verdict].startsWith("VERDICT")) {
            verdict++;
        }
        assertEquals("VERDICT: 2 connections of Go fetches went direct although a proxy was configured.", lines[verdict]);
        assertTrue(s.contains("  Go bypasses 2 | other bypasses 0 | proxied 2 | exempt 1 | unproxied 0"), s);
        assertTrue(s.contains("HOST"), s);
        // Bypass rows come first.
        int table = s.indexOf("HOST");
        int sum = s.indexOf("sum.golang.org ", table), proxied = s.indexOf(" proxied ", table);
        assertTrue(table > 0 && sum > table && sum < proxied, s);
        assertTrue(s.contains("proxy.golang.org                             module-proxy proxy   proxied                2    1.3 MB"), s);
        assertTrue(s.contains("FINDINGS (2)"));
        assertTrue(s.contains("    fix: go env -w GOSUMDB=\"sum.golang.org https://proxy.golang.org/sumdb/sum.golang.org\""));
        assertTrue(s.contains("    fix: export GOPROXY=https://proxy.golang.org"));
    }

    /** The second line says what the capture was judged against, as Go reads it, credentials redacted. */
    @Test
    void theConfigurationJudgedAgainstIsNamedFirst() {
        String s = TerminalSummary.render(ReportFixtures.small(), TerminalSummary.Options.plain(200));
        assertEquals("Judged against: http no proxy, https http://***@proxy.corp.example:3128, NO_PROXY "
                + ".corp.example,localhost, GOPROXY https://proxy.golang.org,direct, GOPRIVATE unset", s.split("\n")[1]);
        String lower = TerminalSummary.configuration(java.util.List.of(
                new io.proxyaudit.policy.ConfigEntry("http_proxy", "http://lower:3128", "ci.env"),
                new io.proxyaudit.policy.ConfigEntry("HTTPS_PROXY", "", "env"),
                new io.proxyaudit.policy.ConfigEntry("https_proxy", "http://low:8080", "env"),
                new io.proxyaudit.policy.ConfigEntry("ALL_PROXY", "socks5://s:1080", "env"),
                new io.proxyaudit.policy.ConfigEntry("proxy", "http://10.0.0.1:3128", "--proxy")));
        // Go skips an empty HTTPS_PROXY and takes https_proxy (golang.org/x/net/http/httpproxy, getEnvAny)
        assertEquals("http http://lower:3128 (http_proxy), https http://low:8080 (https_proxy), NO_PROXY unset, "
                + "GOPROXY unset, GOPRIVATE unset, ALL_PROXY socks5://s:1080, --proxy http://10.0.0.1:3128", lower);
    }

    /** Each finding says which client made its connections, from the audit's client guess. */
    @Test
    void eachFindingNamesItsClient() {
        io.proxyaudit.audit.AuditResult r = ReportFixtures.small();
        java.util.List<io.proxyaudit.audit.AuditedFlow> flows = new java.util.ArrayList<>();
        for (io.proxyaudit.audit.AuditedFlow f : r.flows()) {
            flows.add(new io.proxyaudit.audit.AuditedFlow(f.flow(), f.role(), f.route(), f.proxy(), f.target(),
                    f.verdict(), f.reasonCode(), f.reason(), f.unanswered(), io.proxyaudit.client.Client.GO_HTTP));
        }
        String withClient = TerminalSummary.render(new io.proxyaudit.audit.AuditResult(r.capture(), r.config(), flows,
                r.dns(), r.findings(), r.flowCounters()), TerminalSummary.Options.plain(80));
        assertTrue(withClient.contains(" by go, "), withClient);
        String without = TerminalSummary.render(r, TerminalSummary.Options.plain(80));
        assertTrue(without.contains(" by an unknown client, "), without);
    }

    @Test
    void plainOutputIsAsciiAndFitsTheWidthExceptTheFixLine() {
        for (int width : new int[] {40, 80, 132}) {
            String s = TerminalSummary.render(ReportFixtures.hostile(), TerminalSummary.Options.plain(width));
            for (String line : s.split("\n")) {
                for (char c : line.toCharArray()) {
                    assertTrue(c >= 0x20 && c < 0x7f, "non-ASCII or control " + (int) c + " in: " + line);
                }
                if (!line.startsWith("    fix: ")) {
                    assertTrue(line.length() <= width, width + " columns exceeded: " + line);
                }
            }
            assertFalse(s.contains("\u001b"), "no colour when not asked for");
            assertTrue(s.contains("... 1 more rows") || s.contains("..."), "long names are cut");
        }
    }

    @Test
    void colourOnlyWhenAsked() {
        String s = TerminalSummary.render(ReportFixtures.small(), new TerminalSummary.Options(100, true));
        assertTrue(s.contains("\u001b[1;31mVERDICT: \u001b[0m"));
    }

    @Test
    void emptyCaptureSaysSoWithoutTable() {
        String s = TerminalSummary.render(ReportFixtures.empty(), TerminalSummary.Options.plain(80));
        assertTrue(s.contains("Capture empty.pcap: 0 packets, no time stamps"), s);
        assertTrue(s.contains("VERDICT: No connections were found in the capture"), s);
        assertFalse(s.contains("HOST"));
        assertTrue(s.contains("No findings."));
    }
}
