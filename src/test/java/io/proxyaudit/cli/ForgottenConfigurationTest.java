package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.testutil.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, point 2: a run without the job's configuration must not pass when the capture shows a proxy in use.
 * On g2-plain-goproxy-no-proxy (truth: Go fetched sum.golang.org through the lab's squid by CONNECT and the plain
 * module proxy directly, exempt by the job's NO_PROXY) the direct fetch is judged against the proxy seen, with its own
 * reason code, and the first line says which proxy and what to pass. On a capture without proxy traffic nothing
 * changes. Every run here is hermetic: {@code --no-inherit-env}, or {@link ConfigOptions#toConfig(Map)} with a given
 * process environment (the only place proxyaudit reads its own environment is {@code ConfigOptions.toConfig()}).
 */
class ForgottenConfigurationTest {
    private static final Path G2 = Path.of("samples/g2-plain-goproxy-no-proxy");
    private static final Path NO_PROXY_TRAFFIC = Path.of("samples/k-firewall-hang");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> truth(Path sample) throws Exception {
        return Json.object(Files.readString(sample.resolve("truth.json")));
    }

    /** The lab proxy's {@code ip:port} from the truth file (the address the client connected to). */
    @SuppressWarnings("unchecked")
    static String labProxy(Map<String, Object> truth) {
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) truth.get("lab")).get("proxy");
        return p.get("ipv4") + ":" + ((Number) p.get("port")).intValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutConfigurationTheProxySeenIsNamedFirstAndDirectGoFetchesFail() throws Exception {
        Map<String, Object> truth = truth(G2);
        String proxy = labProxy(truth);
        Path report = tmp.resolve("r.html");
        Run r = run("analyze", "--no-inherit-env", "--fail-on", "go", "--report", report.toString(),
                G2.resolve("capture.pcap").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("NOTE: No proxy configured, but proxy " + proxy + " is in use"), first);
        String flat = r.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("--env HTTPS_PROXY=http://" + proxy), flat);
        assertTrue(flat.contains("Verdicts assume HTTP_PROXY and HTTPS_PROXY named it"), flat);

        String html = Files.readString(report);
        int notice = html.indexOf("class=\"assumption\"");
        assertTrue(notice > 0 && notice < html.indexOf("class=\"sentence\""), "notice at the top of the report");
        assertTrue(html.indexOf(proxy) > notice);

        // --fail-on none still says it, and exits 0
        Run none = run("analyze", "--no-inherit-env", "--fail-on", "none", G2.resolve("capture.pcap").toString());
        assertEquals(0, none.exit());
        assertTrue(none.out().startsWith("NOTE: No proxy configured"));

        // NDJSON: per truth host, the direct ones are bypasses under the assumption, the proxied ones proxied
        Run json = run("analyze", "--no-inherit-env", "--fail-on", "go", "--format", "json",
                G2.resolve("capture.pcap").toString());
        assertEquals(1, json.exit());
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : json.out().split("\n")) {
            records.add(Json.object(line));
        }
        int checked = 0;
        for (Object o : (List<Object>) truth.get("hosts")) {
            Map<String, Object> h = (Map<String, Object>) o;
            for (Map<String, Object> f : records) {
                if (!"flow".equals(f.get("type")) || !String.valueOf(f.get("target")).startsWith(h.get("host") + ":")) {
                    continue;
                }
                checked++;
                if (h.get("route").equals("direct")) {
                    assertEquals("direct-bypass", f.get("verdict"), f.toString());
                    assertEquals("PROXY_SEEN_NOT_CONFIGURED", f.get("reason_code"));
                    String reason = (String) f.get("reason");
                    assertTrue(reason.contains("assumed HTTP_PROXY=HTTPS_PROXY=http://" + proxy), reason);
                    assertTrue(reason.contains("NO_PROXY"), "the reason says a NO_PROXY could exempt it: " + reason);
                } else {
                    assertEquals("proxied", f.get("verdict"), f.toString());
                    assertTrue(String.valueOf(f.get("reason")).contains("detected proxy"), f.toString());
                }
            }
        }
        assertTrue(checked >= 2, "flows to the truth's hosts");
        Map<String, Object> capture = records.get(records.size() - 1);
        assertEquals("capture", capture.get("type"));
        assertEquals("http://" + proxy, capture.get("assumed_proxy"));
        List<Object> seen = (List<Object>) capture.get("proxies_seen");
        assertEquals(1, seen.size());
        Map<String, Object> p = (Map<String, Object>) seen.get(0);
        assertEquals(proxy, p.get("address"));
        assertEquals(List.of("CONNECT 200"), p.get("how"));
        assertTrue(records.stream().anyMatch(f -> "finding".equals(f.get("type"))
                && "PROXY_SEEN_NOT_CONFIGURED".equals(f.get("reason_code"))));
    }

    @Test
    void withTheJobsEnvironmentNothingIsAssumed() throws Exception {
        Run r = run("analyze", "--no-inherit-env", "--env-file", G2.resolve("capture.env").toString(), "--fail-on", "go",
                "--format", "json", G2.resolve("capture.pcap").toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("assumed_proxy"));
        assertFalse(r.out().contains("PROXY_SEEN_NOT_CONFIGURED"));
        // the proxies seen are listed all the same
        assertTrue(r.out().contains("\"proxies_seen\":[{\"address\":\"" + labProxy(truth(G2)) + "\""), r.out());
    }

    @Test
    void aCaptureWithoutProxyTrafficStaysUnproxied() throws Exception {
        Run r = run("analyze", "--no-inherit-env", "--fail-on", "any", NO_PROXY_TRAFFIC.resolve("capture.pcap").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("Capture "), r.out());
        assertFalse(r.out().contains("No proxy configured"));
        Run json = run("analyze", "--no-inherit-env", "--format", "json", NO_PROXY_TRAFFIC.resolve("capture.pcap").toString());
        assertFalse(json.out().contains("proxies_seen"));
        assertTrue(json.out().contains("\"verdict\":\"direct-unproxied\""));
        assertFalse(json.out().contains("direct-bypass"));
    }

    /** The inherited environment is the default configuration: one without proxy variables is "none given". */
    @Test
    void anInheritedEnvironmentWithoutProxyVariablesIsNoConfiguration() throws Exception {
        ConfigOptions options = new ConfigOptions();
        AuditResult r = CaptureAudit.run(G2.resolve("capture.pcap").toString(),
                options.toConfig(Map.of("PATH", "/usr/bin", "HOME", "/root", "GOFLAGS", "-mod=mod")),
                FlowOptions.defaults(), ReaderOptions.defaults(), w -> { }).result();
        assertEquals("http://" + labProxy(truth(G2)), r.assumption().proxyUrl());
        assertTrue(r.flows().stream().anyMatch(f -> f.verdict() == Verdict.DIRECT_BYPASS
                && f.reasonCode().equals("PROXY_SEEN_NOT_CONFIGURED")));
        AuditResult configured = CaptureAudit.run(G2.resolve("capture.pcap").toString(),
                options.toConfig(Map.of("HTTPS_PROXY", "http://" + labProxy(truth(G2)))),
                FlowOptions.defaults(), ReaderOptions.defaults(), w -> { }).result();
        assertNull(configured.assumption());
        for (AuditedFlow f : configured.flows()) {
            assertFalse(f.reasonCode().equals("PROXY_SEEN_NOT_CONFIGURED"));
        }
    }

    /** batch: summary.json, the index and JUnit XML carry the assumption of a capture run without its environment. */
    @Test
    @SuppressWarnings("unchecked")
    void batchOutputsCarryTheAssumption() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.copy(G2.resolve("capture.pcap"), in.resolve("g2.pcap"));
        Files.copy(NO_PROXY_TRAFFIC.resolve("capture.pcap"), in.resolve("k.pcap"));
        Path out = tmp.resolve("out");
        Path junit = tmp.resolve("junit.xml");
        Run r = run("batch", in.toString(), "--out", out.toString(), "--junit", junit.toString(), "--no-inherit-env",
                "--quiet", "--fail-on", "go");
        assertEquals(1, r.exit(), r.err());
        String proxy = labProxy(truth(G2));
        Map<String, Object> summary = Json.object(Files.readString(out.resolve("summary.json")));
        for (Object o : (List<Object>) summary.get("captures")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (((String) c.get("name")).endsWith("g2.pcap")) {
                assertEquals("http://" + proxy, c.get("assumed_proxy"));
                assertTrue(((String) c.get("assumption")).startsWith("No proxy configured, but proxy " + proxy));
            } else {
                assertNull(c.get("assumed_proxy"));
            }
        }
        String xml = Files.readString(junit);
        assertTrue(xml.contains("<failure type=\"direct-bypass\" message=\"No proxy configured, but proxy " + proxy), xml);
        assertTrue(Files.readString(out.resolve("index.html")).contains("none given; assumed <code>http://" + proxy), "index");
    }
}
