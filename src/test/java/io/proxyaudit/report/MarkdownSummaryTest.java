package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

/**
 * The Markdown job summary and the GitHub annotations: on a real lab capture, and with hostile text in every field
 * that reaches them, rendered by a real CommonMark parser with GFM's autolinks (commonmark-java).
 */
class MarkdownSummaryTest {
    /** Text that would be markup, a link, an image, a table cell, HTML or a workflow command if it were not escaped. */
    static final List<String> MARKDOWN_HOSTILE = List.of(
            "[click](https://evil.example/)", "![x](https://evil.example/p.png)", "www.evil.example",
            "https://evil.example/login", "<https://evil.example>", "user@evil.example", "a|b|c", "**bold** _em_",
            "# heading", "`code` ``x``", "<img src=x onerror=alert(1)>", "&amp; &#60;", "line\\", "x\n::error::pwned",
            "%0A::warning::pwned", "::error title=x::y", "> quote", "1. item", "<!-- c -->", "~~strike~~",
            "[ref]: https://evil.example/");

    private static final Parser PARSER = Parser.builder().extensions(List.of(AutolinkExtension.create())).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(List.of(AutolinkExtension.create())).build();

    static String html(String markdown) {
        return HTML.render(PARSER.parse(markdown));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static AuditResult sampleA() throws Exception {
        Path dir = Path.of("samples", "a-http-proxy-only");
        return CaptureAudit.run(dir.resolve("capture.pcap").toString(),
                ProxyConfig.builder().file(dir.resolve("capture.env")).build(), FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {}).result();
    }

    /** samples/a: only HTTP_PROXY set, so Go's https fetches of proxy.golang.org and sum.golang.org went direct. */
    @Test
    void aRealCaptureGivesTheVerdictTheCountsAndEachFindingWithItsFix() throws Exception {
        AuditResult r = sampleA();
        String md = MarkdownSummary.capture("capture.pcap", r, FailOn.GO, "out/report.html");
        assertTrue(md.startsWith("### proxyaudit: `capture.pcap` \u2014 FAIL (--fail-on go)\n"), md);
        String html = html(md);
        assertTrue(html.contains("<strong>Verdict:</strong> 3 connections of Go fetches went direct"), html);
        assertTrue(md.contains("- **direct-bypass** `proxy.golang.org:443` (module-proxy, 2 flows, fails the job)"), md);
        assertTrue(md.contains("- **direct-bypass** `sum.golang.org:443` (checksum-db, 1 flow, fails the job)"), md);
        assertTrue(html.contains("<code>export HTTPS_PROXY=http://proxy.lab.test:3128"), html);
        assertTrue(md.contains("HTML report: `out/report.html`"), md);
        assertTrue(md.contains("| 3 | 0 | 0 | 6 | 0 | 0 | 0 | 0 |"), md);
        assertEquals(0, count(html, "<a "), "no link in a summary of a real capture: " + html);
        assertTrue(MarkdownSummary.capture("capture.pcap", r, FailOn.NONE, null).contains("pass (--fail-on none)"));
    }

    @Test
    void annotationsOfARealCaptureAreErrorsAtFailOnAndWarningsBelow() throws Exception {
        AuditResult r = sampleA();
        List<String> errors = GithubAnnotations.lines("capture.pcap", r.findings(), FailOn.GO);
        assertEquals(List.of("::error title=proxyaudit%3A direct-bypass proxy.golang.org%3A443 (module-proxy)::"
                + "capture.pcap: 2 flows; only HTTP_PROXY is set and this is an https:// fetch: Go and curl use "
                + "HTTPS_PROXY for https; fix: export HTTPS_PROXY=http://proxy.lab.test:3128   # Go >= 1.16 uses only "
                + "HTTPS_PROXY for https://"), errors.subList(0, 1));
        for (String line : GithubAnnotations.lines("capture.pcap", r.findings(), FailOn.NONE)) {
            assertTrue(line.startsWith("::warning title="), line);
        }
    }

    private static AuditResult hostile() {
        AuditResult base = ReportFixtures.hostile();
        List<Finding> findings = new ArrayList<>(base.findings());
        long id = 1000;
        for (String h : MARKDOWN_HOSTILE) {
            findings.add(new Finding(Verdict.DIRECT_BYPASS, Role.MODULE_PROXY, h, 443, 1, List.of(id++), 0, 0, h, h,
                    "export NO_PROXY=" + h));
        }
        return new AuditResult(base.capture(), base.config(), base.flows(), base.dns(), findings, base.flowCounters());
    }

    @Test
    void hostileTextStaysTextInTheSummary() {
        AuditResult r = hostile();
        for (String name : MARKDOWN_HOSTILE) {
            String md = MarkdownSummary.capture(name, r, FailOn.ANY, name);
            String html = html(md);
            assertEquals(0, count(html, "<a "), "a link: " + html);
            assertEquals(0, count(html, "<img"), "an image: " + html);
            assertEquals(0, count(html, "<script"), "HTML: " + html);
            assertEquals(0, count(html, "<em>") + count(html, "<del>"), "emphasis from text: " + html);
            assertEquals(1, count(html, "<h3>"), "one heading, ours: " + html);
            assertEquals(0, count(html, "<h1>") + count(html, "<h2>") + count(html, "<blockquote>") + count(html, "<ol>"),
                    "block markup from text: " + html);
            // ours: Verdict, Findings, and the verdict of each listed finding
            int listed = Math.min(r.findings().size(), MarkdownSummary.MAX_FINDINGS);
            assertEquals(2 + listed, count(html, "<strong>"), "bold from text: " + html);
            for (String line : md.split("\n")) {
                assertFalse(line.startsWith("::"), "a workflow command at a line start: " + line);
                assertTrue(line.length() < 4000, "unbounded: " + line.length());
            }
            assertFalse(html.contains("<!--"), html);
        }
    }

    @Test
    void hostileTextStaysInItsCellInTheBatchTable() {
        List<BatchRow> rows = new ArrayList<>();
        for (String name : MARKDOWN_HOSTILE) {
            rows.add(BatchRow.analysed(name, name, name + ".html", List.of(), hostile(), true, null, true, 0, 0));
        }
        String md = MarkdownSummary.batch(rows, BatchTotals.of(rows, 0), FailOn.ANY, "out/index.html");
        Pattern unescapedPipe = Pattern.compile("(?<!\\\\)\\|");
        int tableRows = 0;
        for (String line : md.split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| capture")) {
                Matcher m = unescapedPipe.matcher(line);
                int pipes = 0;
                while (m.find()) {
                    pipes++;
                }
                assertEquals(7, pipes, "six cells, one row: " + line);
                tableRows++;
            }
        }
        assertEquals(MARKDOWN_HOSTILE.size(), tableRows);
        String html = html(md);
        assertEquals(0, count(html, "<a ") + count(html, "<img") + count(html, "<em>"), html);
    }

    @Test
    void hostileTextCannotStartOrEndAWorkflowCommand() {
        AuditResult r = hostile();
        Pattern command = Pattern.compile("::(error|warning) title=[^:,\\r\\n]*::[^\\r\\n]*");
        for (String name : MARKDOWN_HOSTILE) {
            List<Finding> many = new ArrayList<>(r.findings());
            many.addAll(r.findings());
            List<String> lines = GithubAnnotations.lines(name, many, FailOn.ANY);
            assertEquals(GithubAnnotations.MAX_PER_CAPTURE + 1, lines.size(), "bounded, the rest counted");
            assertTrue(lines.get(50).contains("::22 more findings in "), lines.get(50));
            for (String line : lines) {
                assertTrue(command.matcher(line).matches(), "one command, title ends at '::' only: " + line);
                assertFalse(line.contains("\n") || line.contains("\r"), line);
                assertTrue(line.length() < 2500, "unbounded: " + line.length());
            }
        }
        // GitHub's own escaping (actions/toolkit command.ts): the percent sign first, then the line breaks
        // (a line break never gets that far: SafeText replaces it first)
        assertEquals("a%250A\uFFFDb", GithubAnnotations.data("a%0A\nb"));
        assertEquals("x%3A%3Aerror%2C y", GithubAnnotations.property("x::error, y"));
    }

    @Test
    void codeSpansHoldBackticks() {
        assertEquals("<p><code> a`b </code></p>\n", html(MarkdownSummary.code(" a`b ", 100)));
        assertEquals("<p><code>`x</code></p>\n", html(MarkdownSummary.code("`x", 100)));
        assertEquals("<p><code>a``b</code></p>\n", html(MarkdownSummary.code("a``b", 100)));
    }
}
