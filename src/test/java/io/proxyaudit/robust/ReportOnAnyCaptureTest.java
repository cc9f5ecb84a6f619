package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.testutil.Json;
import io.proxyaudit.testutil.PcapWriter;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The report never fails": every capture that can be read gives a whole HTML report, through {@code analyze
 * --report} and through {@code batch}: the bundled samples, the shared corpus (77 public captures, 5 of which
 * used to stop the report with "Range(double, double): require lower (0.0) <= upper (...)"), and generated odd
 * captures (a DNS response without its query, time stamps of 0, backwards or decades away, one packet, no packet,
 * no IP, one instant).
 */
class ReportOnAnyCaptureTest {
    /** 2025-11-23T12:13:20Z */
    static final long T = 1_763_900_000L;
    /** Sections every report has, in order. */
    static final List<String> SECTIONS = List.of("verdict", "config", "timeline", "charts", "findings", "flows",
            "dns", "capture");

    @TempDir
    static Path odd;

    @BeforeAll
    static void writeOddCaptures() throws IOException {
        oddCaptures(odd);
    }

    /** The generated odd captures, by file name. */
    static Map<String, Path> oddCaptures(Path dir) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("dns-response-only", new PcapWriter()
                .udp(T, 0, "10.0.0.53", 53, "10.0.0.5", 40000, PcapWriter.dnsResponse(7, "proxy.golang.org", "142.250.1.1"))
                .write(dir.resolve("dns-response-only.pcap")));
        m.put("zero-timestamps", normal(new PcapWriter(), 6)
                .tcp(0, 0, "10.0.0.5", 41000, "142.250.1.9", 443, PcapWriter.SYN, 1, 0, new byte[0])
                .udp(0, 0, "10.0.0.5", 40001, "10.0.0.53", 53, PcapWriter.dnsQuery(9, "sum.golang.org"))
                .write(dir.resolve("zero-timestamps.pcap")));
        PcapWriter back = new PcapWriter();
        for (int i = 5; i >= 0; i--) { // connections written latest first, and one whose packets run backwards
            back.tcpConnection(T + 10L * i, "10.0.0.5", 42000 + i, "142.250.1." + i, 443, PcapWriter.ascii("GET"),
                    PcapWriter.ascii("OK"));
        }
        back.tcp(T + 30, 0, "10.0.0.5", 43000, "142.250.2.1", 443, PcapWriter.SYN, 1, 0, new byte[0])
                .tcp(T + 20, 0, "142.250.2.1", 443, "10.0.0.5", 43000, PcapWriter.SYN | PcapWriter.ACK, 9, 2, new byte[0])
                .tcp(T + 10, 0, "10.0.0.5", 43000, "142.250.2.1", 443, PcapWriter.ACK, 2, 10, new byte[0]);
        m.put("backwards-timestamps", back.write(dir.resolve("backwards-timestamps.pcap")));
        m.put("far-timestamps", normal(new PcapWriter(), 20)
                .tcpConnection(0xF000_0000L, "10.0.0.5", 44000, "142.250.3.1", 443, PcapWriter.ascii("GET"),
                        PcapWriter.ascii("OK")) // the year 2097
                .udp(1, 0, "10.0.0.5", 40002, "10.0.0.53", 53, PcapWriter.dnsQuery(11, "proxy.golang.org"))
                .write(dir.resolve("far-timestamps.pcap")));
        m.put("one-packet", new PcapWriter()
                .tcp(T, 0, "10.0.0.5", 45000, "142.250.4.1", 443, PcapWriter.SYN, 1, 0, new byte[0])
                .write(dir.resolve("one-packet.pcap")));
        m.put("empty", new PcapWriter().write(dir.resolve("empty.pcap")));
        m.put("non-ip-only", new PcapWriter().arp(T, 0).arp(T + 1, 0).arp(T + 2, 0)
                .write(dir.resolve("non-ip-only.pcap")));
        m.put("zero-first", normal(new PcapWriter()
                .tcp(0, 0, "10.0.0.5", 47000, "142.250.6.1", 443, PcapWriter.SYN, 1, 0, new byte[0]), 3)
                .write(dir.resolve("zero-first.pcap")));
        PcapWriter instant = new PcapWriter();
        for (int i = 0; i < 3; i++) {
            instant.tcp(T, 0, "10.0.0.5", 46000 + i, "142.250.5.1", 443, PcapWriter.SYN, 1, 0, new byte[0]);
        }
        instant.udp(T, 0, "10.0.0.5", 40003, "10.0.0.53", 53, PcapWriter.dnsQuery(12, "proxy.golang.org"));
        m.put("single-instant", instant.write(dir.resolve("single-instant.pcap")));
        return m;
    }

    /** {@code n} ordinary connections one second apart from {@link #T}, each after its DNS lookup. */
    private static PcapWriter normal(PcapWriter w, int n) {
        for (int i = 0; i < n; i++) {
            String host = "h" + i + ".example.com";
            String ip = "93.184.1." + (i + 1);
            w.udp(T + i, 0, "10.0.0.5", 50000 + i, "10.0.0.53", 53, PcapWriter.dnsQuery(100 + i, host));
            w.udp(T + i, 500, "10.0.0.53", 53, "10.0.0.5", 50000 + i, PcapWriter.dnsResponse(100 + i, host, ip));
            w.tcpConnection(T + i, "10.0.0.5", 30000 + i, ip, 443, PcapWriter.ascii("GET / HTTP/1.1\r\nHost: " + host
                    + "\r\n\r\n"), PcapWriter.ascii("HTTP/1.1 200 OK\r\n\r\n"));
        }
        return w;
    }

    @Test
    void oddCapturesGiveWholeReports(@TempDir Path out) throws Exception {
        for (Map.Entry<String, Path> e : oddCaptures(odd).entrySet()) {
            Path html = out.resolve(e.getKey() + ".html");
            CliRun r = CliRun.run("analyze", e.getValue().toString(), "--no-inherit-env", "--report", html.toString(),
                    "--fail-on", "none");
            assertEquals(0, r.exit(), e.getKey() + ": " + r.err());
            String h = assertCompleteReport(html, e.getKey());
            assertFalse(r.hasStackTrace(), r.err());
            if (e.getKey().equals("far-timestamps") || e.getKey().equals("zero-timestamps")) {
                String timeline = between(h, "<svg id='timeline'", "</svg>");
                assertTrue(timeline.contains("since 2025-11-23T12:13:20"), e.getKey() + ": axis starts at the bulk");
                assertFalse(timeline.contains("since 1970") || timeline.contains(">2097"), e.getKey() + ": axis not stretched");
                assertFalse(timeline.contains("142.250.1.9") || timeline.contains("142.250.3.1"),
                        e.getKey() + ": the far connection has no lane");
                String alerts = between(h, "<section id=\"alerts\"", "</section>");
                // the far TCP connection and the UDP flow of the far DNS query
                assertTrue(alerts.contains("The time charts leave out 2 connections and 1 DNS lookup whose time stamps "
                        + "lie far from the rest"),
                        e.getKey() + ": " + alerts);
                assertTrue(h.indexOf("id=\"alerts\"") < h.indexOf("id=\"timeline\""), "the warning comes first");
            }
        }
        String dnsOnly = Files.readString(out.resolve("dns-response-only.html"));
        assertTrue(between(dnsOnly, "<section id=\"dns\"", "</section>").contains("proxy.golang.org"),
                "the lookup without its query is listed");
        for (String none : List.of("empty", "non-ip-only")) {
            assertTrue(Files.readString(out.resolve(none + ".html")).contains("No connections to draw."), none);
        }
    }

    @Test
    void everySampleGivesAWholeReport(@TempDir Path out) throws Exception {
        int n = 0;
        for (Path cap : samples()) {
            Path env = cap.resolveSibling("capture.env");
            Path html = out.resolve(cap.getParent().getFileName() + ".html");
            List<String> args = new ArrayList<>(List.of("analyze", cap.toString(), "--no-inherit-env", "--report",
                    html.toString(), "--fail-on", "none"));
            if (Files.exists(env)) {
                args.addAll(List.of("--env-file", env.toString()));
            }
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), cap + ": " + r.err());
            assertCompleteReport(html, cap.toString());
            n++;
        }
        assertTrue(n >= 19, "samples found: " + n);
    }

    @Test
    void everyReadableCorpusCaptureGivesAWholeReport(@TempDir Path out) throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        int reports = 0;
        List<String> unreadable = new ArrayList<>();
        for (Path cap : list(corpus.resolve("captures"))) {
            Path html = out.resolve(cap.getFileName() + ".html");
            CliRun r = CliRun.run("analyze", cap.toString(), "--no-inherit-env", "--report", html.toString(),
                    "--fail-on", "none", "--format", "json");
            assertFalse(r.err().contains("error:") || r.hasStackTrace(), cap + ": " + r.err());
            if (!Files.exists(html)) {
                // only a capture that flows cannot read either may go without a report
                CliRun f = CliRun.run("flows", cap.toString(), "--format", "json");
                assertEquals(3, f.exit(), cap + " has no report although flows reads it: " + r.err());
                assertEquals("", f.out(), cap.toString());
                unreadable.add(cap.getFileName().toString());
                continue;
            }
            assertCompleteReport(html, cap.toString());
            reports++;
        }
        assertTrue(reports >= 70, "reports written: " + reports + "; unreadable: " + unreadable);
        assertNoTemporaryFiles(out);
    }

    @Test
    void batchOverSamplesCorpusAndOddCapturesReportsEveryReadableCapture(@TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("batch", "samples", odd.toString()));
        Path corpus = SharedCorpus.corpusOrNull();
        if (corpus != null) {
            args.add(corpus.resolve("captures").toString());
        }
        args.addAll(List.of("--out", out.resolve("b").toString(), "--junit", out.resolve("junit.xml").toString(),
                "--no-inherit-env", "--quiet", "--fail-on", "none", "--threads", "2"));
        CliRun r = CliRun.run(args.toArray(String[]::new));
        Map<String, Object> summary = Json.object(Files.readString(out.resolve("b/summary.json")));
        Map<String, Object> totals = map(summary.get("totals"));
        assertEquals(0L, ((Number) totals.get("report_errors")).longValue(), r.err());
        // exit 3 only for the corpus's unreadable captures; without them, 0
        assertEquals(((Number) totals.get("unreadable")).longValue() > 0 ? 3 : 0, r.exit(), r.err());
        int reports = 0;
        for (Object o : list(summary.get("captures"))) {
            Map<String, Object> c = map(o);
            if (c.get("status").equals("unreadable")) {
                assertNull(c.get("report"), c.toString());
                continue;
            }
            assertNull(c.get("report_error"), c.toString());
            assertCompleteReport(out.resolve("b").resolve((String) c.get("report")), (String) c.get("name"));
            reports++;
        }
        assertTrue(reports >= 19 + 8, "reports: " + reports);
        String index = Files.readString(out.resolve("b/index.html"));
        assertTrue(index.endsWith("</html>\n"), "index is whole");
        for (String svg : svgs(index)) {
            parseXml(svg, "index chart");
        }
        parseXml(Files.readString(out.resolve("junit.xml")), "junit");
        assertNoTemporaryFiles(out.resolve("b"));
    }

    @Test
    void aReportThatCannotBeWrittenIsAnErrorEverywhere(@TempDir Path out) throws Exception {
        Path in = Files.createDirectories(out.resolve("in"));
        Files.copy(odd.resolve("far-timestamps.pcap"), in.resolve("far.pcap"));
        Files.copy(odd.resolve("one-packet.pcap"), in.resolve("one.pcap"));
        Path first = out.resolve("first");
        CliRun ok = CliRun.run("batch", in.toString(), "--out", first.toString(), "--no-inherit-env", "--quiet",
                "--fail-on", "none");
        assertEquals(0, ok.exit(), ok.err());
        String reportName = null;
        for (Object o : list(Json.object(Files.readString(first.resolve("summary.json"))).get("captures"))) {
            if (map(o).get("name").toString().endsWith("far.pcap")) {
                reportName = (String) map(o).get("report");
            }
        }
        // A directory where the report should go: the report cannot be written.
        Path second = out.resolve("second");
        Files.createDirectories(second.resolve(reportName));
        CliRun bad = CliRun.run("batch", in.toString(), "--out", second.toString(), "--junit",
                out.resolve("j.xml").toString(), "--no-inherit-env", "--fail-on", "none");
        assertEquals(3, bad.exit(), bad.err());
        assertTrue(bad.err().contains("cannot write its report " + reportName), bad.err());
        assertFalse(bad.hasStackTrace(), bad.err());
        Map<String, Object> summary = Json.object(Files.readString(second.resolve("summary.json")));
        assertEquals(3L, ((Number) summary.get("exit_code")).longValue());
        assertEquals(1L, ((Number) map(summary.get("totals")).get("report_errors")).longValue());
        int marked = 0;
        for (Object o : list(summary.get("captures"))) {
            Map<String, Object> c = map(o);
            if (c.get("name").toString().endsWith("far.pcap")) {
                assertNull(c.get("report"), "no link to a report that is not there");
                assertTrue(c.get("report_error").toString().contains(reportName), c.toString());
                marked++;
            } else {
                assertNull(c.get("report_error"));
            }
        }
        assertEquals(1, marked);
        String junit = Files.readString(out.resolve("j.xml"));
        parseXml(junit, "junit");
        assertTrue(junit.contains("errors=\"1\""), junit);
        assertTrue(junit.contains("<error type=\"report-failed\""), junit);
        String index = Files.readString(second.resolve("index.html"));
        String row = index.substring(index.indexOf("far.pcap") - 300, index.indexOf("far.pcap") + 600);
        assertTrue(row.contains("<tr class=\"capture error\">") && row.contains("report not written"), row);
        assertFalse(index.contains("href=\"" + reportName + "\""), "no link to the missing report");
        assertTrue(index.contains("1 report was not written"), "the sentence says so");
    }

    @Test
    void chartsColourByVerdictWithUnitsThatFitAndOverlapsVisible(@TempDir Path out) throws Exception {
        Map<String, String> svg = new LinkedHashMap<>();
        for (String s : List.of("a-http-proxy-only", "b-https-proxy")) {
            Path html = out.resolve(s + ".html");
            Path dir = SharedCorpus.repoRoot().resolve("samples").resolve(s);
            CliRun r = CliRun.run("analyze", dir.resolve("capture.pcap").toString(), "--no-inherit-env", "--env-file",
                    dir.resolve("capture.env").toString(), "--report", html.toString(), "--fail-on", "none");
            assertEquals(0, r.exit(), r.err());
            String h = assertCompleteReport(html, s);
            for (String id : List.of("timeline", "bytes-per-host", "connections-per-host")) {
                svg.put(s + "/" + id, between(h, "<svg id='" + id + "'", "</svg>"));
            }
        }
        String bypassRed = "rgb(198,40,40)";
        // b: everything proxied or exempt (DNS to the resolver): no red anywhere
        for (String id : List.of("timeline", "bytes-per-host", "connections-per-host")) {
            String b = svg.get("b-https-proxy/" + id);
            assertFalse(b.contains(bypassRed) || b.contains("rgb(138,28,28)"), "b has no bypass, but " + id + " is red");
            assertTrue(b.contains("rgb(46,125,50)") && b.contains("rgb(21,101,192)"), id + ": proxied and exempt colours");
        }
        assertTrue(svg.get("a-http-proxy-only/bytes-per-host").contains(bypassRed), "a's bypasses are red");
        // a few kB: the axis is in kB, no scientific notation; counts have whole-number ticks only
        for (String s : List.of("a-http-proxy-only", "b-https-proxy")) {
            String bytes = svg.get(s + "/bytes-per-host");
            assertTrue(bytes.contains(">kB (both directions)<"), s + ": bytes axis in kB");
            assertFalse(bytes.matches("(?s).*>[0-9.]+E-?[0-9]+<.*"), s + ": no scientific notation");
            assertFalse(svg.get(s + "/connections-per-host").matches("(?s).*>[0-9]+\\.[0-9]+<.*"),
                    s + ": connection counts have fractional ticks");
        }
        // b: the module proxy's 4 parallel CONNECT tunnels stay visible (lane label and 4 sub-lanes)
        assertTrue(svg.get("b-https-proxy/timeline").contains("proxy.golang.org  [module-proxy]  \u00d74"),
                "parallel connections counted in the lane label");
    }

    @Test
    void batchChartIgnoresACaptureStampedFarAway(@TempDir Path out) throws Exception {
        Path in = Files.createDirectories(out.resolve("in"));
        Files.copy(odd.resolve("zero-first.pcap"), in.resolve("zero-first.pcap"));
        // the first time stamp of far-timestamps is 1 s (1970) too; the other four are in 2025
        for (String s : List.of("one-packet", "far-timestamps", "single-instant", "backwards-timestamps",
                "dns-response-only")) {
            Files.copy(odd.resolve(s + ".pcap"), in.resolve(s + ".pcap"));
        }
        CliRun r = CliRun.run("batch", in.toString(), "--out", out.resolve("b").toString(), "--no-inherit-env",
                "--quiet", "--fail-on", "none");
        assertEquals(0, r.exit(), r.err());
        String chart = between(Files.readString(out.resolve("b/index.html")), "<section id=\"chart\"", "</section>");
        assertTrue(chart.contains("2 captures with a first packet far from the rest are not drawn"), chart);
        assertTrue(chart.contains("zero-first.pcap") && chart.contains("far-timestamps.pcap"), "named");
        String svg = between(chart, "<svg", "</svg>");
        assertFalse(svg.contains(">1970") || svg.contains(">1980") || svg.contains(">2000"),
                "the axis is not stretched to 1970");
    }

    @Test
    void damageAndLimitsAreAnnouncedBeforeTheCharts(@TempDir Path out) throws Exception {
        Path dir = SharedCorpus.repoRoot().resolve("samples/a-http-proxy-only");
        byte[] whole = Files.readAllBytes(dir.resolve("capture.pcap"));
        Path cut = Files.write(out.resolve("cut.pcap"), java.util.Arrays.copyOf(whole, whole.length - 40));
        Path html = out.resolve("cut.html");
        CliRun r = CliRun.run("analyze", cut.toString(), "--no-inherit-env", "--env-file",
                dir.resolve("capture.env").toString(), "--report", html.toString(), "--fail-on", "none",
                "--max-listed-flows", "3");
        assertTrue(Files.exists(html), r.err());
        String h = assertCompleteReport(html, "cut");
        String alerts = between(h, "<section id=\"alerts\"", "</section>");
        assertTrue(alerts.contains("The capture is damaged") && alerts.contains("byte offset"), alerts);
        assertTrue(alerts.contains("connections are judged and counted in the findings but not listed (limit: "
                + "--max-listed-flows)"), alerts);
        assertTrue(h.indexOf("id=\"alerts\"") < h.indexOf("id=\"config\""), "right after the verdict");
        // an ordinary capture has no such section
        CliRun clean = CliRun.run("analyze", dir.resolve("capture.pcap").toString(), "--no-inherit-env", "--env-file",
                dir.resolve("capture.env").toString(), "--report", out.resolve("clean.html").toString(), "--fail-on",
                "none");
        assertEquals(0, clean.exit(), clean.err());
        assertFalse(Files.readString(out.resolve("clean.html")).contains("id=\"alerts\""));
    }

    @Test
    void analyzeLeavesNoHalfFileWhenTheReportCannotBeWritten(@TempDir Path out) throws Exception {
        Path target = Files.createDirectories(out.resolve("r.html"));
        CliRun r = CliRun.run("analyze", odd.resolve("one-packet.pcap").toString(), "--no-inherit-env", "--report",
                target.toString(), "--json", out.resolve("x.ndjson").toString(), "--fail-on", "none");
        assertNotEquals(0, r.exit());
        assertTrue(Files.isDirectory(target), "left alone");
        assertNoTemporaryFiles(out);
    }

    // ------------------------------------------------------------------ checks

    /** The report is one whole document: every section, every chart parses as XML, no error text. */
    static String assertCompleteReport(Path html, String what) throws Exception {
        assertTrue(Files.isRegularFile(html), what + ": no report");
        String h = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(h.startsWith("<!DOCTYPE html>"), what);
        assertTrue(h.endsWith("</footer>\n" + h.substring(h.lastIndexOf("<script>"))), what + ": footer, then the script");
        assertTrue(h.endsWith("</script>\n</body>\n</html>\n"), what + ": ends with </html>");
        int at = 0;
        for (String s : SECTIONS) {
            int i = h.indexOf("<section id=\"" + s + "\"", at);
            assertTrue(i > 0, what + ": section " + s + " missing or out of order");
            at = i;
        }
        boolean drawn = !between(h, "<section id=\"timeline\"", "</section>").contains("No connections to draw.");
        boolean charts = !between(h, "<section id=\"charts\"", "</section>").contains("No connections.");
        for (String id : List.of("timeline", "timeline-narrow")) {
            assertEquals(drawn, h.contains("<svg id='" + id + "'"), what + ": " + id);
        }
        for (String id : List.of("bytes-per-host", "connections-per-host", "verdicts-over-time",
                "verdicts-over-time-narrow")) {
            assertEquals(charts, h.contains("<svg id='" + id + "'"), what + ": " + id);
        }
        for (String svg : svgs(h)) {
            parseXml(svg, what);
            assertFalse(svg.contains("NaN") || svg.contains("Infinity"), what + ": a chart with NaN coordinates");
        }
        assertFalse(h.contains("Exception") || h.contains("require lower"), what + ": error text in the report");
        return h;
    }

    static List<String> svgs(String h) {
        List<String> out = new ArrayList<>();
        for (int i = h.indexOf("<svg "); i >= 0; i = h.indexOf("<svg ", i + 1)) {
            out.add(h.substring(i, h.indexOf("</svg>", i) + 6));
        }
        return out;
    }

    static void parseXml(String xml, String what) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            fail(what + ": not well-formed XML: " + e.getMessage());
        }
    }

    static void assertNoTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temps, "temporary files left behind");
        }
    }

    static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        return i < 0 ? "" : s.substring(i, s.indexOf(to, i));
    }

    static List<Path> samples() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : list(SharedCorpus.repoRoot().resolve("samples"))) {
            if (Files.isDirectory(d)) {
                for (Path f : list(d)) {
                    if (f.getFileName().toString().matches("capture\\.(pcap|pcapng)(\\.gz)?")) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
