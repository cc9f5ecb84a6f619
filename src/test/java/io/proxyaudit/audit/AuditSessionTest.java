package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The streaming audit keeps at most N flows for the listings but still judges every flow: on a real lab capture
 * (a-http-proxy-only), a listing limit of 3 must give the same findings (counts, times, codes) as the
 * unlimited audit, and count what was not listed.
 */
class AuditSessionTest {
    static final Path DIR = Path.of("samples", "j-busy-mixed");

    @Test
    void listingLimitKeepsFindingsWhole() throws Exception {
        Path a = Path.of("samples", "a-http-proxy-only"); // only HTTP_PROXY: Go's https fetches bypass it
        ProxyConfig cfg = ProxyConfig.builder().file(a.resolve("capture.env")).build();
        String cap = a.resolve("capture.pcap").toString();
        AuditResult all = CaptureAudit.run(cap, cfg, FlowOptions.defaults(), ReaderOptions.defaults(), w -> {}, Integer.MAX_VALUE).result();
        AuditResult few = CaptureAudit.run(cap, cfg, FlowOptions.defaults(), ReaderOptions.defaults(), w -> {}, 3).result();

        assertTrue(all.flows().size() > 3, "the sample has more flows than the limit");
        assertEquals(3, few.flows().size());
        assertEquals(all.flows().size() - 3, few.flowCounters().get("audit_flows_not_listed"));
        assertTrue(few.dns().size() <= 3);
        assertTrue(!all.findings().isEmpty(), "the sample has bypass findings");
        assertEquals(all.findings(), few.findings());
    }

    @Test
    void unlimitedSessionEqualsBatchAudit() throws Exception {
        ProxyConfig cfg = ProxyConfig.builder().file(DIR.resolve("capture.env")).build();
        String cap = DIR.resolve("capture.pcapng").toString();
        AuditResult streamed = CaptureAudit.run(cap, cfg, FlowOptions.defaults(), ReaderOptions.defaults(), w -> {}, Integer.MAX_VALUE).result();
        AuditResult batch = Auditor.audit(streamed.capture(), streamed.flows().stream().map(AuditedFlow::flow).toList(),
                streamed.dns().stream().map(AuditedDns::lookup).toList(), cfg, streamed.flowCounters());
        assertEquals(batch.flows(), streamed.flows());
        assertEquals(batch.dns(), streamed.dns());
        assertEquals(batch.findings(), streamed.findings());
    }
}
