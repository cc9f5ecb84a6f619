package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.proxyaudit.audit.AuditResult;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    static final ReportOptions OPT = ReportOptions.defaults().withGeneratedAt(Instant.parse("2026-11-23T12:00:00Z"));
    private static final Pattern TAG = Pattern.compile("<[a-zA-Z][^>]*>");

    static String html(AuditResult r) throws IOException {
        StringWriter w = new StringWriter();
        HtmlReport.write(r, w, OPT);
        return w.toString();
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String between(String s, String start, String end) {
        int i = s.indexOf(start);
        assertTrue(i >= 0, "missing " + start);
        i += start.length();
        return s.substring(i, s.indexOf(end, i));
    }

    /** The flow data block parsed: the string table and the rows. */
    record FlowData(List<String> strings, List<List<Long>> rows) {}

    static FlowData flowData(String h) throws IOException {
        String json = between(h, "<script type=\"application/json\" id=\"flow-data\">", "</script>");
        List<String> strings = new ArrayList<>();
        List<List<Long>> rows = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String field = null;
            int depth = 0;
            List<Long> row = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_ARRAY -> {
                        depth++;
                        if ("rows".equals(field) && depth == 2) {
                            row = new ArrayList<>();
                        }
                    }
                    case END_ARRAY -> {
                        if (row != null && depth == 2) {
                            rows.add(row);
                            row = null;
                        }
                        depth--;
                    }
                    case VALUE_STRING -> {
                        if ("strings".equals(field)) {
                            strings.add(p.getText());
                        }
                    }
                    case VALUE_NUMBER_INT -> {
                        if (row != null) {
                            row.add(p.getLongValue());
                        }
                    }
                    default -> { }
                }
            }
        }
        return new FlowData(strings, rows);
    }

    @Test
    void smallReportLeadsWithTheVerdictAndTheNumbers() throws Exception {
        String h = html(ReportFixtures.small());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/report-small.html"), h);
        String verdict = between(h, "<section id=\"verdict\"", "</section>");
        assertTrue(verdict.contains("2 connections of Go fetches went direct although a proxy was configured."));
        assertTrue(verdict.contains("<span class=\"n\">2</span><span class=\"l\">Go fetches direct (bypass)"));
        assertTrue(verdict.contains("<span class=\"n\">2</span><span class=\"l\">Proxied"));
        assertTrue(verdict.contains("<span class=\"n\">1</span><span class=\"l\">Direct, exempt"));
        String config = between(h, "<section id=\"config\">", "</section>");
        assertTrue(config.contains("<code>HTTPS_PROXY</code></td><td><code>http://***@proxy.corp.example:3128</code></td><td>env</td>"));
        assertTrue(config.contains("<td>go env</td>"));
        assertEquals(6, count(h, "<svg "), "timeline, bytes per host, connections per host, verdicts over time, "
                + "and the narrow-screen variants of the timeline and verdicts over time");
    }

    @Test
    void findingCardsCarryReasonEvidenceAndRemediation() throws Exception {
        String h = html(ReportFixtures.small());
        String findings = between(h, "<section id=\"findings\">", "</section>");
        assertEquals(2, count(findings, "<article class=\"finding\""));
        String sumdb = between(findings, "id=\"finding-1\"", "</article>");
        assertTrue(sumdb.contains("sum.golang.org:443"));
        assertTrue(sumdb.contains("the checksum database is fetched directly"));
        assertTrue(sumdb.contains("<td>#2</td><td>12:13:20.950</td><td>34.64.4.17:443</td><td class=\"name\">SNI sum.golang.org</td>"));
        assertTrue(sumdb.contains("12:13:20.930 &rarr; 34.64.4.17"), "DNS evidence");
        assertTrue(sumdb.contains("<pre><code>go env -w GOSUMDB=&quot;sum.golang.org https://proxy.golang.org/sumdb/sum.golang.org&quot;</code></pre>"));
    }

    @Test
    void cspAllowsExactlyTheInlineScriptByItsHash() throws Exception {
        String h = html(ReportFixtures.small());
        String csp = between(h, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
        assertTrue(csp.startsWith("default-src 'none'; "), csp);
        assertTrue(csp.contains("img-src data:"));
        assertFalse(csp.contains("unsafe-eval"));
        assertFalse(between(csp, "script-src", ";").contains("unsafe-inline"));
        int open = h.lastIndexOf("<script>") + "<script>".length();
        String script = h.substring(open, h.indexOf("</script>", open));
        String hash = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        assertTrue(csp.contains("script-src 'sha256-" + hash + "'"), csp);
        assertEquals(2, count(h, "<script"), "the data block and the one script");
    }

    @Test
    void nothingIsLoadedFromOutsideThePage() throws Exception {
        String h = html(ReportFixtures.small());
        Matcher m = TAG.matcher(h);
        Pattern ref = Pattern.compile("\\s(src|href|xlink:href|action|srcset|poster)\\s*=\\s*['\"]([^'\"]*)['\"]",
                Pattern.CASE_INSENSITIVE);
        int anchors = 0;
        while (m.find()) {
            String tag = m.group();
            assertFalse(tag.toLowerCase(Locale.ROOT).startsWith("<link") || tag.toLowerCase(Locale.ROOT).startsWith("<iframe")
                    || tag.toLowerCase(Locale.ROOT).startsWith("<img"), tag);
            Matcher r = ref.matcher(tag);
            while (r.find()) {
                assertTrue(r.group(2).startsWith("#") || r.group(2).startsWith("data:"), "external reference: " + tag);
                anchors++;
            }
        }
        assertTrue(anchors >= 6, "the in-page navigation links");
        assertFalse(h.contains("@import"));
        assertFalse(Pattern.compile("url\\((?!#)").matcher(h).find(), "CSS/SVG url() other than a fragment");
    }

    @Test
    void flowDataBlockHoldsEveryFlowWithInternedStrings() throws Exception {
        String h = html(ReportFixtures.small());
        FlowData d = flowData(h);
        assertEquals(5, d.rows().size());
        List<Long> sumdb = d.rows().get(1);
        assertEquals(2L, sumdb.get(0));
        assertEquals(950L, sumdb.get(1), "ms since the first packet");
        assertEquals(750L, sumdb.get(2), "duration ms");
        assertEquals(ReportCharts.Kind.BYPASS.ordinal(), sumdb.get(3).intValue());
        assertEquals("sum.golang.org", d.strings().get(sumdb.get(6).intValue()));
        assertEquals("checksum-db", d.strings().get(sumdb.get(5).intValue()));
        assertEquals("direct-bypass", d.strings().get(sumdb.get(HtmlReport.FLOW_JSON_COLUMNS.indexOf("verdict")).intValue()));
        assertEquals(HtmlReport.FLOW_JSON_COLUMNS.size(), sumdb.size());
    }

    @Test
    void hostileStringsAreEscapedBoundedAndCleaned() throws Exception {
        AuditResult r = ReportFixtures.hostile();
        String h = html(r);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/report-hostile.html"), h);
        assertEquals(2, count(h, "<script"), "an injected <script> reached the markup");
        assertEquals(1, count(h, "</script><script>") == 0 ? 1 : 0, "a </script> breakout reached the markup");
        assertFalse(h.contains("<img"), "an injected element reached the markup");
        assertFalse(h.contains("<x>"));
        assertTrue(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "hostile text is shown, escaped");
        // Every real tag is one of ours: an attribute breakout would leave onerror inside a tag.
        Matcher m = TAG.matcher(h);
        while (m.find()) {
            String outsideValues = m.group().replaceAll("\"[^\"]*\"|'[^']*'", "\"\"").toLowerCase(Locale.ROOT);
            assertFalse(outsideValues.matches("(?s).*\\son[a-z]+\\s*=.*"), "event handler attribute: " + m.group());
            assertFalse(outsideValues.contains("<img") || outsideValues.contains("src="), m.group());
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            assertFalse((c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x202a && c <= 0x202e) || c == 0x2066,
                    "raw control/bidi character U+" + Integer.toHexString(c) + " at " + i);
            assertFalse(Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < h.length()
                    && Character.isLowSurrogate(h.charAt(i + 1))) && !(Character.isLowSurrogate(c)
                    && Character.isHighSurrogate(h.charAt(i - 1))), "lone surrogate at " + i);
        }
        assertFalse(h.contains("x".repeat(HtmlReport.TEXT_MAX + 1)), "a 10k-character name was not bounded");
        String json = between(h, "id=\"flow-data\">", "</script>");
        assertFalse(json.contains("<") || json.contains(">"), "JSON must not carry raw angle brackets");
        FlowData d = flowData(h);
        assertEquals(r.flows().size(), d.rows().size());
        assertTrue(d.strings().contains("<script>alert(1)</script>"), "the JSON keeps the text, escaped as \\u003c");
        assertTrue(d.strings().contains("gro\uFFFDg.elgoog\uFFFD.com"), "RTL override replaced");
    }

    @Test
    void emptyCaptureStillMakesAReport() throws Exception {
        String h = html(ReportFixtures.empty());
        assertTrue(h.contains("No connections were found in the capture"));
        assertEquals(0, count(h, "<svg "));
        assertEquals(0, flowData(h).rows().size());
        assertTrue(h.endsWith("</html>\n"));
    }

    @Test
    void hundredThousandFlowsStayUnderTwentyMegabytes() throws Exception {
        AuditResult r = ReportFixtures.large(100_000, 7);
        Path f = Path.of("target", "report-100k.html");
        Files.createDirectories(f.getParent());
        long t0 = System.nanoTime();
        HtmlReport.write(r, f, OPT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long size = Files.size(f);
        String note = String.format(Locale.ROOT, "100k flows: %d ms, %.1f MB%n", ms, size / 1e6);
        System.out.print(note);
        Files.writeString(Path.of("target", "report-100k-timing.txt"), note);
        assertTrue(size < 20_000_000L, "report is " + size + " bytes");
        String h = Files.readString(f);
        assertEquals(100_000, flowData(h).rows().size(), "every flow is in the table data");
        String timeline = between(h, "<svg id='timeline'", "</svg>");
        assertTrue(timeline.contains("other hosts ("), "hosts beyond the lane limit are merged");
        assertTrue(h.contains("bars show time buckets"), "the binning is explained");
        assertTrue(timeline.length() < 2_000_000, "timeline SVG is " + timeline.length() + " chars");
    }

    @Test
    void nullCollectionsInsideContractRecordsAreTolerated() throws Exception {
        AuditResult small = ReportFixtures.small();
        io.proxyaudit.capture.CaptureSummary c = new io.proxyaudit.capture.CaptureSummary("x.pcap", "pcap", null, "le",
                null, null, 1, 1, 0, 0, Long.MIN_VALUE, Long.MIN_VALUE, 0, null, null);
        AuditResult r = new AuditResult(c, null, small.flows(), small.dns(), small.findings(), null);
        String h = html(r);
        assertTrue(h.contains("<h3>Warnings (0)</h3>"));
        assertTrue(h.contains("No proxy configuration was given or found"));
        assertTrue(TerminalSummary.render(r, TerminalSummary.Options.plain(80)).contains("FINDINGS (2)"));
    }
}
