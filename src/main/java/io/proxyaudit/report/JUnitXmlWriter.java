package io.proxyaudit.report;

import io.proxyaudit.audit.Finding;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * JUnit XML for {@code batch --junit}: one {@code <testsuite>}, one {@code <testcase>} per capture, a
 * {@code <failure>} when the capture's bypasses reach {@code --fail-on}, an {@code <error>} for a capture that
 * could not be read (fully) or whose report could not be written. Element and attribute order follow the Ant JUnit schema (properties, testcase*, system-out,
 * system-err) that Jenkins, GitLab and the GitHub test-report actions accept. All text is XML 1.0-escaped.
 */
public final class JUnitXmlWriter {
    /** Findings listed in a failure body before the rest is counted. */
    static final int MAX_FINDINGS = 50;
    private static final DateTimeFormatter ANT_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private JUnitXmlWriter() {}

    /**
     * One testcase as the writer needs it: the headline totals and the findings instead of the whole audit, so
     * a batch can drop each capture's {@link io.proxyaudit.audit.AuditResult} once its report is written.
     *
     * @param totals   the capture's totals, or null when {@code error} is set
     * @param findings the capture's findings (may be a bounded prefix; {@code findingCount} is the full count)
     * @param error    the one-line error for a capture that could not be read (fully) or reported, else null
     * @param errorType the error element's {@code type}: {@code unreadable-capture} or {@code report-failed}
     */
    public record Case(String name, AuditTotals totals, List<Finding> findings, long findingCount, String error,
                       boolean failed, long durationNanos, String errorType, String assumption) {
        public static final String UNREADABLE = "unreadable-capture";

        /** Without an assumed configuration ({@link io.proxyaudit.audit.ProxyAssumption}). */
        public Case(String name, AuditTotals totals, List<Finding> findings, long findingCount, String error,
                    boolean failed, long durationNanos, String errorType) {
            this(name, totals, findings, findingCount, error, failed, durationNanos, errorType, null);
        }
        public static final String REPORT_FAILED = "report-failed";

        public static Case of(BatchEntry e) {
            if (e.error() != null) {
                return new Case(e.captureName(), null, List.of(), 0, e.error(), false, e.durationNanos(), UNREADABLE);
            }
            return new Case(e.captureName(), AuditTotals.of(e.result()), e.result().findings(),
                    e.result().findings().size(), null, e.failed(), e.durationNanos(), null,
                    e.result().assumption() == null ? null : e.result().assumption().sentence());
        }
    }

    public static void write(String suiteName, List<BatchEntry> entries, Instant timestamp, Writer out)
            throws IOException {
        writeCases(suiteName, entries.stream().map(Case::of).toList(), timestamp, out);
    }

    public static void writeCases(String suiteName, List<Case> entries, Instant timestamp, Writer out)
            throws IOException {
        writeCases(suiteName, entries, timestamp, out, BatchHistory.NONE);
    }

    /**
     * With the baseline's new endpoints: listed in a passing testcase's system-out, a {@code new-endpoint}
     * failure with {@code --new-endpoints fail}, and added to a bypass failure's body.
     */
    public static void writeCases(String suiteName, List<Case> entries, Instant timestamp, Writer out,
                                  BatchHistory history) throws IOException {
        long failures = entries.stream().filter(e -> e.error() == null && (e.failed() || failsOnNew(e, history))).count();
        long errors = entries.stream().filter(e -> e.error() != null).count();
        long total = entries.stream().mapToLong(Case::durationNanos).sum();
        StringBuilder b = new StringBuilder(4096);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(SafeText.xml(suiteName)).append("\" tests=\"").append(entries.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"0\" time=\"").append(seconds(total)).append("\" timestamp=\"")
                .append(ANT_TIMESTAMP.format(timestamp)).append("\" hostname=\"localhost\">\n");
        b.append("  <properties/>\n");
        for (Case e : entries) {
            testcase(b, suiteName, e, history);
        }
        b.append("  <system-out/>\n  <system-err/>\n</testsuite>\n");
        out.write(b.toString());
        out.flush();
    }

    private static boolean failsOnNew(Case e, BatchHistory h) {
        return h.baseline() != null && h.baseline().failOnNew() && BatchHistory.anyFailing(h.newIn(e.name()));
    }

    /** "2 new endpoints against baseline F: host:port route client, ..." or null. */
    private static String newEndpoints(Case e, BatchHistory h) {
        List<BatchHistory.NewEndpoint> fresh = h.newIn(e.name());
        if (fresh.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder(AuditTotals.count(fresh.size(), "new endpoint")).append(" against baseline ")
                .append(SafeText.bound(h.baseline().file(), 300)).append(':');
        int i = 0;
        for (BatchHistory.NewEndpoint n : fresh) {
            if (i++ == MAX_FINDINGS) {
                s.append("\n... ").append(fresh.size() - MAX_FINDINGS).append(" more (summary.json lists them all)");
                break;
            }
            s.append("\n").append(SafeText.bound(n.endpoint().line(), 300)).append(" (")
                    .append(AuditTotals.count(n.flows(), "flow"))
                    .append(n.allowedBy() == null ? "" : ", allowed by " + SafeText.bound(n.allowedBy(), 300)).append(')');
        }
        return s.toString();
    }

    private static void testcase(StringBuilder b, String suiteName, Case e, BatchHistory history) {
        b.append("  <testcase classname=\"").append(SafeText.xml(suiteName)).append("\" name=\"")
                .append(SafeText.xml(SafeText.bound(e.name(), 500))).append("\" time=\"")
                .append(seconds(e.durationNanos())).append('"');
        if (e.error() != null) {
            b.append(">\n    <error type=\"").append(e.errorType() == null ? Case.UNREADABLE : SafeText.xml(e.errorType()))
                    .append("\" message=\"")
                    .append(SafeText.xml(SafeText.bound(e.error(), 1000))).append("\">")
                    .append(SafeText.xml(e.error())).append("</error>\n  </testcase>\n");
            return;
        }
        AuditTotals t = e.totals();
        String assumption = e.assumption();
        String fresh = newEndpoints(e, history);
        if (!e.failed() && fresh != null && failsOnNew(e, history)) {
            b.append(">\n    <failure type=\"new-endpoint\" message=\"")
                    .append(SafeText.xml(fresh.substring(0, fresh.indexOf(':')))).append("\">")
                    .append(SafeText.xml(fresh)).append("</failure>\n  </testcase>\n");
            return;
        }
        if (!e.failed()) {
            // allowed connections are never a failure: a passing testcase says how many there were
            String allowed = t == null || t.allowed() == 0 ? null : AuditTotals.count(t.allowed(), "connection")
                    + " went direct as the --allow file allows (verdict direct-allowed)";
            String out = lines(assumption, allowed, fresh);
            if (out == null) {
                b.append("/>\n");
            } else {
                b.append(">\n    <system-out>").append(SafeText.xml(out)).append("</system-out>\n  </testcase>\n");
            }
            return;
        }
        String message = assumption == null ? t.sentence() : assumption + " " + t.sentence();
        b.append(">\n    <failure type=\"direct-bypass\" message=\"").append(SafeText.xml(message)).append("\">");
        StringBuilder body = new StringBuilder();
        body.append(message).append('\n');
        int i = 0;
        for (Finding f : e.findings()) {
            if (i++ == MAX_FINDINGS) {
                break;
            }
            body.append(String.format(Locale.ROOT, "[%s] %s:%d (%s, %s): %s%n    fix: %s%n",
                    f.verdict() == null ? "-" : f.verdict().wire(), SafeText.bound(f.host(), 200), f.port(),
                    f.role() == null ? "-" : f.role().wire(), AuditTotals.count(f.flowCount(), "flow"),
                    SafeText.bound(f.reason(), 1000), SafeText.bound(f.remediation(), 2000)));
            if (f.attribution() != null && f.attribution().evidence() != null) {
                body.append("    by: ").append(HtmlReport.clientLabel(f.attribution())).append(", ")
                        .append(SafeText.bound(f.attribution().detail(), 200)).append(" (")
                        .append(f.attribution().confidence().wire()).append(" confidence)\n");
            }
            if (f.process() != null) {
                body.append("    process: ").append(ProcessText.oneLine(f.process(), 300)).append('\n');
            }
        }
        if (e.findingCount() > MAX_FINDINGS) {
            body.append("... ").append(e.findingCount() - MAX_FINDINGS).append(" more findings\n");
        }
        if (fresh != null) {
            body.append(fresh).append('\n');
        }
        b.append(SafeText.xml(body.toString())).append("</failure>\n  </testcase>\n");
    }

    /** The non-null parts, one a line, or null when there is none. */
    private static String lines(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null) {
                b.append(b.length() > 0 ? "\n" : "").append(p);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
