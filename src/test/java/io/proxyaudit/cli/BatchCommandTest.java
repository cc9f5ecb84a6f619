package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.AuditTotals;
import io.proxyaudit.testutil.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * {@code proxyaudit batch} end to end over the lab samples of {@code samples/} plus a damaged copy of a sample and a
 * file that is not a capture. Expected numbers come from running the audit directly on each sample with its
 * sidecar (never from the batch's own output), and the JUnit XML is checked against a JUnit schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchCommandTest {
    static final Path SAMPLES = Path.of("samples");

    @TempDir
    static Path tmp;

    Path out;
    Path corrupt;
    Path notCapture;
    Run batch;
    Map<String, Object> summary;
    List<Path> sampleCaptures;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    void runBatch() throws IOException {
        assumeTrue(Files.isDirectory(SAMPLES), "samples/ is absent: the batch tests need the lab captures");
        try (Stream<Path> s = Files.walk(SAMPLES)) {
            sampleCaptures = s.filter(p -> p.getFileName().toString().matches("capture\\.pcap(ng)?(\\.gz)?"))
                    .sorted().toList();
        }
        assertTrue(sampleCaptures.size() >= 10, "expected the lab samples, found " + sampleCaptures);
        corrupt = tmp.resolve("damaged").resolve("cut.pcap");
        Files.createDirectories(corrupt.getParent());
        Files.write(corrupt, cutInRecordHeader(SAMPLES.resolve("a-http-proxy-only/capture.pcap"), 40));
        notCapture = tmp.resolve("damaged").resolve("notes.pcap");
        Files.writeString(notCapture, "this is a build log, not a capture\n");
        out = tmp.resolve("out");
        batch = run("batch", "samples", corrupt.toString(), notCapture.toString(), "--out", out.toString(),
                "--junit", out.resolve("junit.xml").toString(), "--threads", "2", "--no-inherit-env");
        summary = Json.object(Files.readString(out.resolve("summary.json")));
    }

    /** A pcap cut in the middle of the record header after {@code records} records, then garbage. */
    static byte[] cutInRecordHeader(Path pcap, int records) throws IOException {
        byte[] d = Files.readAllBytes(pcap);
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, b.getInt(0), "the sample is a little-endian µs pcap");
        int off = 24;
        for (int i = 0; i < records; i++) {
            off += 16 + b.getInt(off + 8);
        }
        byte[] garbage = new byte[3000];
        new Random(7).nextBytes(garbage);
        byte[] cut = new byte[off + 8 + garbage.length];
        System.arraycopy(d, 0, cut, 0, off + 8);
        System.arraycopy(garbage, 0, cut, off + 8, garbage.length);
        return cut;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> captures(Map<String, Object> s) {
        return (List<Map<String, Object>>) s.get("captures");
    }

    Map<String, Object> row(String name) {
        return captures(summary).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in summary.json"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void exitCodeThreeBecauseOfTheFileThatIsNotACapture() {
        assertEquals(ExitCodes.UNREADABLE, batch.code(), batch.err());
        assertEquals(3L, summary.get("exit_code"));
        assertEquals(1L, summary.get("schema_version"));
        assertTrue(batch.err().contains("notes.pcap: not a pcap or pcapng file"), batch.err());
    }

    @Test
    void summaryCountsEqualTheAuditOfEachSampleWithItsSidecar() throws Exception {
        assertEquals(sampleCaptures.size() + 2, captures(summary).size());
        long go = 0, proxied = 0, flows = 0, findings = 0;
        for (Path p : sampleCaptures) {
            ProxyConfig.Builder b = ProxyConfig.builder();
            Path env = p.resolveSibling("capture.env");
            if (Files.exists(env)) {
                b.file(env);
            }
            CaptureAudit.Outcome o = CaptureAudit.run(p.toString(), b.build(), FlowOptions.defaults(),
                    ReaderOptions.defaults(), w -> { });
            assertNotNull(o.result(), p + ": " + o.error());
            AuditTotals t = AuditTotals.of(o.result());
            Map<String, Object> row = row(p.toString().replace('\\', '/'));
            Map<String, Object> c = map(row.get("counts"));
            String where = p + ": ";
            assertEquals("analysed", row.get("status"), where);
            assertEquals(o.result().capture().packets(), row.get("packets"), where + "packets");
            assertEquals(t.flows(), c.get("flows"), where + "flows");
            assertEquals(t.proxied(), c.get("proxied"), where + "proxied");
            assertEquals(t.exempt(), c.get("direct_exempt"), where + "exempt");
            assertEquals(t.unproxied(), c.get("direct_unproxied"), where + "unproxied");
            assertEquals(t.goBypasses(), c.get("go_bypasses"), where + "go bypasses");
            assertEquals(t.otherBypasses(), c.get("other_bypasses"), where + "other bypasses");
            assertEquals(t.unanswered(), c.get("unanswered"), where + "unanswered");
            assertEquals(t.dnsBypasses(), c.get("dns_bypasses"), where + "dns bypasses");
            assertEquals((long) o.result().findings().size(), c.get("findings"), where + "findings");
            assertEquals((long) o.result().findings().size(), (long) ((List<?>) row.get("findings")).size());
            assertEquals(FailOn.GO.exitCode(o.result().findings()) != 0, row.get("failed"), where + "failed");
            assertEquals(Files.exists(env) ? "sidecar" : "command-line", row.get("config_source"), where);
            go += t.goBypasses();
            proxied += t.proxied();
            flows += t.flows();
            findings += t.findings();
        }
        // the lab samples include bypasses and proxied fetches: the comparison above is not vacuous
        assertTrue(go > 0 && proxied > 0, "go bypasses " + go + ", proxied " + proxied);
        Map<String, Object> totals = map(summary.get("totals"));
        Map<String, Object> cut = row(corrupt.toString());
        long cutFlows = (Long) map(cut.get("counts")).get("flows");
        assertEquals(flows + cutFlows, totals.get("flows"));
        assertEquals(findings + (Long) map(cut.get("counts")).get("findings"), totals.get("findings"));
        assertEquals((long) sampleCaptures.size() + 2, totals.get("captures"));
        assertEquals(1L, totals.get("unreadable"));
    }

    @Test
    void damagedAndNonCaptureFilesAreInEveryOutput() throws Exception {
        Map<String, Object> cut = row(corrupt.toString());
        assertNotNull(cut.get("damage"), "the cut record header is reported: " + cut);
        assertTrue(((String) cut.get("damage")).contains("byte offset"), String.valueOf(cut.get("damage")));
        assertTrue((Long) cut.get("packets") > 0, "the packets before the damage are analysed");
        Map<String, Object> bad = row(notCapture.toString());
        assertEquals("unreadable", bad.get("status"));
        assertNull(bad.get("report"));
        assertTrue(((String) bad.get("error")).contains("not a pcap or pcapng file"), String.valueOf(bad.get("error")));
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("notes.pcap") && index.contains("unreadable"), "index lists the non-capture");
        assertTrue(index.contains("damaged"), "index marks the damaged capture");
        String junit = Files.readString(out.resolve("junit.xml"));
        assertTrue(junit.contains("notes.pcap"));
    }

    @Test
    void indexHasOneRowPerCaptureLinkingItsOwnReport() throws Exception {
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"), "CSP");
        assertFalse(index.contains("<script"), "the index needs no script");
        assertTrue(index.contains("<svg"), "inline SVG chart");
        assertFalse(Pattern.compile("(src|href)=\"https?:").matcher(index).find(), "nothing loads from the network");
        Matcher m = Pattern.compile("<tr class=\"capture [a-z]+\"><td class=\"num\">(\\d+)</td><td class=\"name\">(?:<a href=\"([^\"]+)\">)?([^<]+)")
                .matcher(index);
        List<String> names = new ArrayList<>();
        Set<String> reports = new HashSet<>();
        while (m.find()) {
            names.add(m.group(3));
            if (m.group(2) != null) {
                assertTrue(m.group(2).matches("[A-Za-z0-9._-]+\\.html"), m.group(2));
                assertTrue(reports.add(m.group(2)), "report names are unique: " + m.group(2));
                Path report = out.resolve(m.group(2));
                assertTrue(Files.isRegularFile(report), "report exists: " + report);
                assertTrue(Files.readString(report).contains(m.group(3)), "the report is the capture's own");
            }
        }
        List<String> expected = new ArrayList<>(captures(summary).stream().map(c -> (String) c.get("name")).toList());
        assertEquals(expected, names, "one row per capture, in summary order");
        List<String> sorted = captures(summary).stream().map(c -> (String) c.get("path")).sorted().toList();
        assertEquals(sorted, captures(summary).stream().map(c -> (String) c.get("path")).toList(), "sorted by path");
        assertEquals(sampleCaptures.size() + 1, reports.size(), "every readable capture has its report");
        for (Path p : sampleCaptures) {
            assertTrue(names.contains(p.toString()), "index lists " + p);
        }
        assertTrue(index.contains("a-http-proxy-only_capture.pcap.html"), "file names include the parent directory");
        assertTrue(index.contains("id=\"hosts\"") && index.contains("proxy.golang.org"), "totals by host");
    }

    @Test
    void walkedNonCapturesAreSkippedNotErrors() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> skipped = (List<Map<String, Object>>) summary.get("skipped");
        Set<String> paths = skipped.stream().map(s -> (String) s.get("path")).collect(Collectors.toSet());
        assertTrue(paths.contains("samples/a-http-proxy-only/truth.json"), "truth.json skipped");
        assertTrue(paths.contains("samples/a-http-proxy-only/capture.env"), "sidecar skipped");
        assertTrue(paths.contains("samples/README.md"));
        for (Path p : sampleCaptures) {
            assertFalse(paths.contains(p.toString()), p + " is a capture");
        }
    }

    @Test
    void junitXmlIsValidAgainstTheJUnitSchemaAndMatchesTheSummary() throws Exception {
        Path xml = out.resolve("junit.xml");
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Validator v = sf.newSchema(getClass().getResource("/junit/junit.xsd")).newValidator();
        v.validate(new StreamSource(xml.toFile())); // throws SAXParseException with line and column when invalid
        // the schema does reject what CI tools reject (a testcase after system-out; a testcase without a name)
        for (String bad : List.of("<testsuite name=\"s\" tests=\"1\"><system-out/><testcase name=\"a\"/></testsuite>",
                "<testsuite name=\"s\" tests=\"1\"><testcase classname=\"a\"/></testsuite>")) {
            assertThrows(org.xml.sax.SAXException.class,
                    () -> v.validate(new StreamSource(new java.io.StringReader(bad))), bad);
        }

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document doc = f.newDocumentBuilder().parse(xml.toFile());
        Element suite = doc.getDocumentElement();
        long failed = captures(summary).stream().filter(c -> Boolean.TRUE.equals(c.get("failed"))
                && !"unreadable".equals(c.get("status"))).count();
        assertTrue(failed > 0, "the samples include failing captures");
        assertEquals(String.valueOf(captures(summary).size()), suite.getAttribute("tests"));
        assertEquals(String.valueOf(failed), suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(captures(summary).size(), cases.getLength());
        for (int i = 0; i < cases.getLength(); i++) {
            Element tc = (Element) cases.item(i);
            Map<String, Object> row = captures(summary).get(i);
            assertEquals(row.get("name"), tc.getAttribute("name"));
            boolean hasFailure = tc.getElementsByTagName("failure").getLength() == 1;
            assertEquals(row.get("failed"), hasFailure, tc.getAttribute("name"));
            if (hasFailure) {
                String body = tc.getElementsByTagName("failure").item(0).getTextContent();
                for (Object fo : (List<?>) row.get("findings")) {
                    assertTrue(body.contains((String) map(fo).get("host")), "failure lists the findings");
                }
            }
            assertEquals("unreadable".equals(row.get("status")), tc.getElementsByTagName("error").getLength() == 1);
        }
    }

    @Test
    void sidecarWinsOverEnvOnTheCommandLine() throws Exception {
        Path with = tmp.resolve("sidecar/job1");
        Path without = tmp.resolve("sidecar/job2");
        Files.createDirectories(with);
        Files.createDirectories(without);
        Files.copy(SAMPLES.resolve("a-http-proxy-only/capture.pcap"), with.resolve("capture.pcap"));
        Files.copy(SAMPLES.resolve("a-http-proxy-only/capture.env"), with.resolve("capture.env"));
        Files.copy(SAMPLES.resolve("a-http-proxy-only/capture.pcap"), without.resolve("capture.pcap"));
        String sidecar = Files.readString(with.resolve("capture.env"));
        assertTrue(sidecar.contains("HTTP_PROXY='http://proxy.lab.test:3128'"), "sidecar as expected: " + sidecar);
        Path o = tmp.resolve("sidecar-out");
        Run r = run("batch", tmp.resolve("sidecar").toString(), "--out", o.toString(), "--no-inherit-env", "--quiet",
                "--env", "HTTP_PROXY=http://cmdline.example:8080");
        assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
        Map<String, Object> s = Json.object(Files.readString(o.resolve("summary.json")));
        Map<String, Object> job1 = captures(s).get(0);
        Map<String, Object> job2 = captures(s).get(1);
        assertTrue(((String) job1.get("path")).endsWith("job1/capture.pcap"));
        assertEquals("sidecar", job1.get("config_source"));
        assertEquals(List.of(with.resolve("capture.env").toString()), job1.get("sidecars"));
        assertEquals("command-line", job2.get("config_source"));
        String fix1 = findingsText(job1);
        String fix2 = findingsText(job2);
        assertTrue(fix1.contains("proxy.lab.test:3128") && !fix1.contains("cmdline.example"), fix1);
        assertTrue(fix2.contains("cmdline.example:8080"), fix2);
        String report = Files.readString(o.resolve((String) job1.get("report")));
        assertTrue(report.contains("capture.env:"), "the report names the sidecar as the source");
        assertTrue(r.err().isEmpty(), "--quiet: " + r.err());
    }

    @Test
    void goEnvJsonSidecarAppliesAndABadSidecarIsAConfigurationErrorThatStopsNothing() throws Exception {
        Path json = tmp.resolve("goenv/json-job");
        Path broken = tmp.resolve("goenv/broken-job");
        Files.createDirectories(json);
        Files.createDirectories(broken);
        Files.copy(SAMPLES.resolve("a-http-proxy-only/capture.pcap"), json.resolve("run.pcap"));
        Files.copy(SAMPLES.resolve("a-http-proxy-only/capture.pcap"), broken.resolve("run.pcap"));
        // go env -json output (Go >= 1.9) holds the Go variables; GOPRIVATE here makes no finding go away but shows up
        Files.writeString(json.resolve("run.goenv.json"), "{\n\t\"GOPROXY\": \"https://proxy.golang.org,direct\",\n"
                + "\t\"GOPRIVATE\": \"git.corp.example\",\n\t\"GOVERSION\": \"go1.22.1\"\n}\n");
        Files.writeString(broken.resolve("run.env"), "export HTTPS_PROXY=http://a b\n");
        Path o = tmp.resolve("goenv-out");
        Run r = run("batch", tmp.resolve("goenv").toString(), "--out", o.toString(), "--no-inherit-env", "--quiet",
                "--junit", o.resolve("j.xml").toString());
        assertEquals(ExitCodes.USAGE, r.code(), "a bad sidecar is a configuration error: " + r.err());
        assertTrue(r.err().contains("run.env"), r.err());
        Map<String, Object> s = Json.object(Files.readString(o.resolve("summary.json")));
        Map<String, Object> bad = captures(s).get(0);
        Map<String, Object> good = captures(s).get(1);
        assertEquals("config-error", bad.get("status"));
        assertTrue(((String) bad.get("error")).contains("run.env"), String.valueOf(bad.get("error")));
        assertEquals("analysed", good.get("status"), "the other capture is still analysed");
        assertEquals(List.of(json.resolve("run.goenv.json").toString()), good.get("sidecars"));
        String report = Files.readString(o.resolve((String) good.get("report")));
        assertTrue(report.contains("run.goenv.json:") && report.contains("git.corp.example"), "report shows the source");
        assertTrue(report.contains("1.22.1"), "GOVERSION from the sidecar selects the Go rules");
        assertTrue(Files.readString(o.resolve("j.xml")).contains("config-error"));
    }

    private static String findingsText(Map<String, Object> row) {
        StringBuilder b = new StringBuilder();
        for (Object f : (List<?>) row.get("findings")) {
            b.append(map(f).get("remediation")).append('\n');
        }
        assertFalse(b.isEmpty(), "the sample has findings: " + row);
        return b.toString();
    }

    @Test
    void oneThreadAndTwoThreadsGiveTheSameSummary() throws Exception {
        Path o1 = tmp.resolve("t1");
        Run r = run("batch", "samples", corrupt.toString(), notCapture.toString(), "--out", o1.toString(),
                "--threads", "1", "--no-inherit-env", "--quiet");
        assertEquals(batch.code(), r.code());
        assertEquals(withoutTimings(Files.readString(out.resolve("summary.json"))),
                withoutTimings(Files.readString(o1.resolve("summary.json"))));
    }

    /** Drops the lines that legitimately differ between runs: timings, the time of the run, the thread count. */
    static String withoutTimings(String json) {
        return json.lines().filter(l -> !l.contains("\"elapsed_ms\"") && !l.contains("\"generated_at\"")
                && !l.contains("\"threads\"")).collect(Collectors.joining("\n"));
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCodes.USAGE, run("batch", "samples").code(), "--out is required");
        assertEquals(ExitCodes.USAGE, run("batch", "samples", "--out", tmp.resolve("x").toString(), "--threads", "0").code());
        assertEquals(ExitCodes.USAGE, run("batch", "-", "--out", tmp.resolve("x").toString()).code());
        assertEquals(ExitCodes.USAGE, run("batch", "samples", "--out", tmp.resolve("x").toString(), "--fail-on", "x").code());
        Run help = run("batch", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Precedence when several apply: 2, then 3, then 1, then 0"),
                help.out());
    }

    @Test
    void noCaptureFoundIsAUsageError() throws Exception {
        Path d = tmp.resolve("empty");
        Files.createDirectories(d);
        Files.writeString(d.resolve("log.txt"), "x", StandardCharsets.UTF_8);
        Run r = run("batch", d.toString(), "--out", tmp.resolve("empty-out").toString(), "--quiet");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("no capture found"), r.err());
    }
}
