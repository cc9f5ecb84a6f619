package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.testutil.Json;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchSummaryJsonTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> m(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void writesValidJsonWithCountsTotalsAndNullsForUnreadable() throws Exception {
        BatchRow hostile = BatchRow.analysed("h", "/h", "h.html", List.of("/h.env"), ReportFixtures.hostile(), true, null,
                true, 10, 2_000_000);
        BatchRow small = BatchRow.analysed("s", "/s", "s.html", List.of(), ReportFixtures.small(), true, null, false, 10, 1);
        BatchRow bad = BatchRow.failedToRead("b", "/b", List.of(), BatchRow.Status.UNREADABLE, "not a capture", 3, 1);
        StringWriter w = new StringWriter();
        BatchSummaryJson.write(w, new BatchSummaryJson.Settings("proxyaudit 0.1.0", Instant.parse("2025-11-23T12:00:00Z"),
                "go", 2, List.of("ci"), false, List.of(), List.of("HTTPS_PROXY"), 3), List.of(hostile, small, bad),
                List.of(new BatchSummaryJson.Skipped("ci/log.txt", "not a capture")));
        Map<String, Object> s = Json.object(w.toString());
        assertEquals(1L, s.get("schema_version"));
        assertEquals(List.of("HTTPS_PROXY"), m(s.get("config")).get("env_keys"));
        List<?> caps = (List<?>) s.get("captures");
        assertEquals(3, caps.size());
        Map<String, Object> h = m(caps.get(0));
        AuditTotals th = AuditTotals.of(ReportFixtures.hostile());
        assertEquals(th.otherBypasses(), m(h.get("counts")).get("other_bypasses"));
        assertEquals("sidecar", h.get("config_source"));
        assertEquals(2L, h.get("elapsed_ms"));
        assertEquals((long) ReportFixtures.HOSTILE.size(), (long) ((List<?>) h.get("findings")).size());
        Map<String, Object> b = m(caps.get(2));
        assertEquals("unreadable", b.get("status"));
        assertNull(b.get("counts"));
        assertNull(b.get("packets"));
        Map<String, Object> t = m(s.get("totals"));
        assertEquals(th.flows() + AuditTotals.of(ReportFixtures.small()).flows(), t.get("flows"));
        assertEquals(1L, t.get("unreadable"));
        assertEquals(1L, t.get("skipped_files"));
        assertTrue(w.toString().contains("\"schema_version\" : 1"));
    }

    @Test
    void totalsComeBackFromTheirCountsAndTheTotalsOnlySummaryHasBatchsHeaderAndTotals() throws Exception {
        AuditTotals t = AuditTotals.of(ReportFixtures.hostile());
        assertEquals(t, BatchSummaryJson.auditTotals(name -> BatchSummaryJson.COUNTS.stream()
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow().value().applyAsLong(t)));
        BatchRow hostile = BatchRow.analysed("h", "/h", "h.html", List.of(), ReportFixtures.hostile(), true, null,
                true, 10, 2_000_000);
        BatchRow bad = BatchRow.failedToRead("b", "/b", List.of(), BatchRow.Status.UNREADABLE, "not a capture", 3, 1);
        BatchSummaryJson.Settings settings = new BatchSummaryJson.Settings("proxyaudit 0.1.0",
                Instant.parse("2025-11-23T12:00:00Z"), "go", 2, List.of("ci"), false, List.of(), List.of(), 3);
        List<BatchSummaryJson.Skipped> skipped = List.of(new BatchSummaryJson.Skipped("ci/log.txt", "not a capture"));
        StringWriter full = new StringWriter();
        BatchSummaryJson.write(full, settings, List.of(hostile, bad), skipped);
        StringWriter totalsOnly = new StringWriter();
        BatchSummaryJson.writeTotals(totalsOnly, settings, BatchTotals.of(List.of(hostile, bad), 1), skipped,
                Map.of("flows", "/lake/flows"));
        Map<String, Object> a = Json.object(full.toString());
        Map<String, Object> b = Json.object(totalsOnly.toString());
        for (String k : List.of("schema_version", "tool", "generated_at", "exit_code", "fail_on", "threads", "inputs",
                "config", "totals", "skipped")) {
            assertEquals(a.get(k), b.get(k), k);
        }
        assertEquals(Map.of("flows", "/lake/flows"), b.get("tables"));
        assertNull(b.get("captures"));
    }
}
