package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchIndexHtmlTest {
    static String render(List<BatchRow> rows, List<BatchSummaryJson.Skipped> skipped) throws Exception {
        StringWriter w = new StringWriter();
        BatchIndexHtml.write(w, "proxyaudit batch", Instant.parse("2025-11-23T12:00:00Z"), rows, skipped);
        return w.toString();
    }

    @Test
    void hostileNamesAndStringsAreEscaped() throws Exception {
        String evilName = "ci/<script>alert(1)</script>\u001b[31m/capture.pcap";
        List<BatchRow> rows = List.of(
                BatchRow.analysed(evilName, "/x", "x.html", List.of("\"><img src=x onerror=alert(2)>.env"),
                        ReportFixtures.hostile(), true, null, true, 1, 1),
                BatchRow.failedToRead("<b>bad</b>", "/y", List.of(), BatchRow.Status.UNREADABLE,
                        "</td><script>alert(3)</script>", 0, 0));
        String html = render(rows, List.of(new BatchSummaryJson.Skipped("<svg onload=alert(4)>", "<i>why</i>")));
        assertFalse(html.contains("<script"), "no script element at all");
        assertFalse(html.contains("<img"), "attributes are escaped");
        assertFalse(html.contains("<svg onload"), "skipped names are escaped");
        assertFalse(html.contains("<b>bad"), "names are escaped");
        assertFalse(html.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r'), "no control characters");
        assertFalse(html.contains("\u202e"), "no bidi override");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("content=\"" + BatchIndexHtml.CSP + "\""));
    }

    @Test
    void emptyBatchAndCapturesWithoutTimeStampsStillRender() throws Exception {
        String html = render(List.of(BatchRow.analysed("empty.pcap", "/e", "e.html", List.of(), ReportFixtures.empty(),
                true, null, false, 24, 1)), List.of());
        assertTrue(html.contains("No capture with time stamps to draw."));
        assertTrue(html.contains("No findings."));
        assertTrue(render(List.of(), List.of()).contains("No capture was found."));
    }
}
