package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    static final ReportOptions OPT = ReportOptions.defaults().withGeneratedAt(Instant.parse("2026-11-23T12:00:00Z"));

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

    @Test
    void smallReportHasVerdictNumbersChartsFindingsAndTables() throws Exception {
        String h = html(ReportFixtures.small());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/report-small.html"), h);
        assertTrue(h.contains("2 connections of Go fetches went direct although a proxy was configured."), h.substring(0, 3000));
        assertEquals(3, count(h, "<svg"), "timeline, bytes per host, connections per host, verdicts over time share 4 charts? ");
    }
}
