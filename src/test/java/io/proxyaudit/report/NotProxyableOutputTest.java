package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdict {@code not-proxyable} in every output, on a real capture: the DHCP request of gopacket's
 * test902.pcapng (0.0.0.0:68 to 255.255.255.255:67, tshark's udp_conv) judged with a proxy configured.
 */
class NotProxyableOutputTest {
    private static AuditResult dhcp() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        CaptureAudit.Outcome o = CaptureAudit.run(corpus.resolve("captures/gopacket__le__test902.pcapng").toString(),
                ProxyConfig.of(Map.of("HTTPS_PROXY", "http://10.0.0.5:3128", "HTTP_PROXY", "http://10.0.0.5:3128")),
                FlowOptions.defaults(), ReaderOptions.defaults(), w -> {});
        AuditResult r = o.result();
        assertEquals(1, r.flows().size());
        assertEquals(Verdict.NOT_PROXYABLE, r.flows().get(0).verdict());
        return r;
    }

    @Test
    void everyOutputShowsItAndNoneCountsItAsABypass() throws Exception {
        AuditResult r = dhcp();
        AuditedFlow f = r.flows().get(0);
        assertEquals("NOT_PROXYABLE_LOCAL_SERVICE", f.reasonCode());
        assertTrue(f.reason().startsWith("DHCP (UDP 67) to the broadcast address 255.255.255.255"), f.reason());
        assertTrue(r.findings().isEmpty());
        assertEquals(0, FailOn.ANY.exitCode(r.findings()));

        AuditTotals t = AuditTotals.of(r);
        assertEquals(1, t.notProxyable());
        assertEquals(0, t.bypasses());
        assertEquals("No connection bypassed the proxy (0 exempt, 0 without a proxy, 1 not proxyable).", t.sentence());

        String summary = TerminalSummary.render(r, TerminalSummary.Options.plain(120));
        assertTrue(summary.contains("| not proxyable 1 |"), summary);
        assertTrue(summary.contains("not-proxyable"), summary);
        assertTrue(summary.contains("No findings."), summary);

        StringWriter html = new StringWriter();
        HtmlReport.write(r, html, ReportOptions.defaults());
        assertTrue(html.toString().contains("Not proxyable (broadcast, DHCP, no fetch)</span>"), "tile");
        assertTrue(html.toString().contains("\"not-proxyable\""), "legend kinds and rows");
        assertTrue(html.toString().contains("<option>not-proxyable</option>"), "verdict filter");

        StringWriter json = new StringWriter();
        try (NdjsonWriter w = new NdjsonWriter(json)) {
            w.writeFlow(f);
            w.writeCapture(r.capture());
        }
        assertTrue(json.toString().contains("\"verdict\":\"not-proxyable\",\"reason_code\":\"NOT_PROXYABLE_LOCAL_SERVICE\""),
                json.toString());
        assertFalse(json.toString().contains("remediation"), json.toString());
        assertTrue(json.toString().contains("\"schema_version\":4"), json.toString());

        StringWriter csv = new StringWriter();
        CsvWriter.writeFlows(r, csv);
        assertTrue(csv.toString().contains(",not-proxyable,NOT_PROXYABLE_LOCAL_SERVICE,"), csv.toString());
        StringWriter findings = new StringWriter();
        CsvWriter.writeFindings(r, findings);
        assertEquals(1, findings.toString().split("\r\n").length, "header only: " + findings);

        StringWriter junit = new StringWriter();
        JUnitXmlWriter.writeCases("proxyaudit batch", List.of(new JUnitXmlWriter.Case("test902", t, List.<Finding>of(), 0,
                null, FailOn.ANY.exitCode(r.findings()) != 0, 1_000_000, null)), Instant.EPOCH, junit);
        assertTrue(junit.toString().contains("failures=\"0\" errors=\"0\""), junit.toString());
        assertFalse(junit.toString().contains("<failure"), junit.toString());
    }
}
