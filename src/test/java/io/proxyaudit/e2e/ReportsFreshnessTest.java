package io.proxyaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.NdjsonWriter;
import io.proxyaudit.testutil.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed example reports ({@code reports/<scenario>.ndjson}, made by {@code reports/make-reports.sh})
 * must not be stale: their flow and finding verdicts must equal a fresh analysis of the sample. When this
 * fails after an intended change, rerun {@code bash reports/make-reports.sh} and commit the result.
 */
class ReportsFreshnessTest {
    @TestFactory
    Stream<DynamicTest> committedReportsAreFresh() throws IOException {
        List<Path> ndjson;
        try (Stream<Path> s = Files.list(Path.of("reports"))) {
            ndjson = s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        assertTrue(ndjson.size() >= 10, "expected the example reports under reports/");
        return ndjson.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    static void check(Path committed) throws Exception {
        String scenario = committed.getFileName().toString().replace(".ndjson", "");
        Path dir = Path.of("samples", scenario);
        Path capture;
        try (Stream<Path> s = Files.list(dir)) {
            capture = s.filter(p -> p.getFileName().toString().matches("capture\\.(pcap|pcapng)(\\.gz)?")).findFirst().orElseThrow();
        }
        assertTrue(Files.isRegularFile(dir.resolve("capture.env")), "sidecar for " + scenario);
        AuditResult r = CaptureAudit.run(capture.toString(), ProxyConfig.builder().file(dir.resolve("capture.env")).build(),
                FlowOptions.defaults(), ReaderOptions.defaults(), w -> {}).result();
        StringWriter fresh = new StringWriter();
        try (NdjsonWriter w = new NdjsonWriter(fresh)) {
            for (var f : r.flows()) {
                w.writeFlow(f);
            }
            for (var f : r.findings()) {
                w.writeFinding(f);
            }
        }
        assertEquals(verdictLines(fresh.toString()), verdictLines(Files.readString(committed)),
                scenario + ": reports/ is stale; rerun bash reports/make-reports.sh");
    }

    /** The verdict-bearing facts of flow and finding records, one line each. */
    static List<String> verdictLines(String ndjson) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> r = Json.object(line);
            if ("flow".equals(r.get("type"))) {
                out.add("flow " + r.get("id") + " " + r.get("target") + " " + r.get("route") + " " + r.get("verdict") + " " + r.get("reason_code"));
            } else if ("finding".equals(r.get("type"))) {
                out.add("finding " + r.get("host") + ":" + r.get("port") + " " + r.get("verdict") + " " + r.get("reason_code") + " " + r.get("remediation"));
            }
        }
        return out;
    }
}
