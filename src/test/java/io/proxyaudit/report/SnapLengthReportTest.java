package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report's warnings box and the terminal summary say that a capture was cut by its snap length.
 * samples/l-git-ssh-insteadof was captured with tcpdump -s 200: tshark counts 32 frames with
 * frame.cap_len &lt; frame.len in it.
 */
class SnapLengthReportTest {

    private static AuditResult audit(String sample) throws Exception {
        Path dir = Path.of("samples", sample);
        return CaptureAudit.run(dir.resolve("capture.pcap").toString(),
                ProxyConfig.builder().file(dir.resolve("capture.env")).build(), FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {}).result();
    }

    @Test
    void aCutCaptureIsNamedInTheWarningsBoxAndTheSummary() throws Exception {
        AuditResult r = audit("l-git-ssh-insteadof");
        String alerts = HtmlReportTest.between(HtmlReportTest.html(r), "<section id=\"alerts\"", "</section>");
        assertTrue(alerts.contains("The capture was cut at 200 bytes per packet"), alerts);
        assertTrue(alerts.contains("32 packets lost their end"), alerts);
        String summary = TerminalSummary.render(r, TerminalSummary.Options.plain(100));
        assertTrue(summary.contains("Snap length: 32 packets cut at 200 bytes"), summary);
    }

    @Test
    void aWholeCaptureSaysNothingAboutSnapLength() throws Exception {
        AuditResult r = audit("a-http-proxy-only");
        assertFalse(HtmlReportTest.html(r).contains("snap length"));
        assertFalse(TerminalSummary.render(r, TerminalSummary.Options.plain(100)).contains("Snap length"));
    }
}
